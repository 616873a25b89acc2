/**
 * Checks of the API's request bodies: each failure names the field (a JSON
 * path) and what was expected, for a 400 answer.
 *
 * @module
 */
import type { JobRequest } from "./jobs.ts";
import { type ErrorCode, TriggerError } from "../errors.ts";

/** A bad request (`INVALID_ARGUMENT`, or `ACL_SYNTAX` for an ACL that does not parse): the field and why. */
export class RequestError extends TriggerError {
  /** The JSON path of the bad field (`devices[2]`). */
  readonly field: string;

  /**
   * Creates the error.
   *
   * @param field The JSON path of the bad field.
   * @param message What was expected.
   * @param code The error's code.
   */
  constructor(field: string, message: string, code: ErrorCode = "INVALID_ARGUMENT") {
    super(code, `${field}: ${message}`);
    this.name = "RequestError";
    this.field = field;
  }
}

type Obj = Record<string, unknown>;

/** The body as an object with only the known keys. */
export function objectOf(body: unknown, known: readonly string[]): Obj {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new RequestError("(body)", "expected a JSON object");
  }
  for (const k of Object.keys(body)) {
    if (!known.includes(k)) {
      throw new RequestError(k, `unknown field (expected ${known.join(", ")})`);
    }
  }
  return body as Obj;
}

/** A non-empty string field. */
export function text(o: Obj, key: string, max = 1_000_000): string {
  const v = o[key];
  if (typeof v !== "string" || v.trim() === "") {
    throw new RequestError(key, "expected a non-empty string");
  }
  if (v.length > max) throw new RequestError(key, `longer than ${max} characters`);
  return v;
}

/** An optional string field. */
export function optionalText(o: Obj, key: string): string | undefined {
  return o[key] === undefined ? undefined : text(o, key);
}

/** A list of non-empty strings (optional). */
export function strings(o: Obj, key: string, max = 100_000): string[] | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw new RequestError(key, "expected a list of strings");
  if (v.length > max) throw new RequestError(key, `more than ${max} entries`);
  v.forEach((s, i) => {
    if (typeof s !== "string" || s.trim() === "") {
      throw new RequestError(`${key}[${i}]`, "expected a non-empty string");
    }
  });
  return v as string[];
}

/** An optional integer field from `min` to `max`. */
export function optionalInteger(o: Obj, key: string, min: number, max: number): number | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    throw new RequestError(key, `expected an integer from ${min} to ${max}`);
  }
  return v;
}

/** A job request. */
export function jobRequest(body: unknown): JobRequest {
  const o = objectOf(body, [
    "job",
    "commands",
    "lines",
    "push",
    "devices",
    "match",
    "timeoutSeconds",
  ]);
  const devices = strings(o, "devices") ?? [];
  const req: JobRequest = { devices };
  const job = optionalText(o, "job");
  const commands = strings(o, "commands", 1000);
  if ((job === undefined) === (commands === undefined)) {
    throw new RequestError("job", 'give either "job" (a named job) or "commands"');
  }
  if (job !== undefined) req.job = job;
  if (commands !== undefined) req.commands = commands;
  const lines = strings(o, "lines", 10_000);
  if (lines !== undefined) req.lines = lines;
  if (o.push !== undefined) {
    if (typeof o.push !== "boolean") throw new RequestError("push", "expected true or false");
    req.push = o.push;
  }
  if (o.match !== undefined) {
    const m = o.match;
    if (typeof m !== "object" || m === null || Array.isArray(m)) {
      throw new RequestError("match", "expected an object of field → value or list of values");
    }
    req.match = {};
    for (const [k, v] of Object.entries(m)) {
      const values = Array.isArray(v) ? v : [v];
      if (values.length === 0 || values.some((x) => typeof x !== "string")) {
        throw new RequestError(`match.${k}`, "expected a string or a list of strings");
      }
      req.match[k] = values as string[];
    }
  }
  if (o.timeoutSeconds !== undefined) {
    const t = o.timeoutSeconds;
    if (typeof t !== "number" || !(t > 0) || t > 86_400) {
      throw new RequestError("timeoutSeconds", "expected a number of seconds from 1 to 86400");
    }
    req.timeoutSeconds = t;
  }
  if (devices.length === 0 && req.match === undefined) {
    throw new RequestError("devices", 'name some devices, or give "match"');
  }
  return req;
}
