/**
 * Bearer tokens of the HTTP API, from a file only its owner can read (mode
 * 0600, refused otherwise, as the credential store's key file is). Each token
 * has a name (logged with every request, never the token) and the verbs it
 * may use: `read` (jobs, inventory, ACL tools, bounce status), `run` (submit
 * and cancel read-only fleet jobs), `push` (jobs that change devices).
 *
 * ```json
 * { "tokens": [
 *   { "name": "noc-dashboard", "sha256": "<hex of the token's SHA-256>", "verbs": ["read"] },
 *   { "name": "alice", "token": "a long random string", "verbs": ["read", "run", "push"] }
 * ] }
 * ```
 *
 * Prefer `sha256` (the file then holds no usable token).
 *
 * @module
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { TriggerError } from "../errors.ts";

/** What a token may do. */
export type ApiVerb = "read" | "run" | "push";

const VERBS: readonly ApiVerb[] = ["read", "run", "push"];

/** A token of the file (its secret kept as a digest). */
export interface ApiToken {
  /** Its name, for logs. */
  name: string;
  /** Its verbs. */
  verbs: ReadonlySet<ApiVerb>;
  /** SHA-256 of the token. */
  digest: Uint8Array;
}

function sha256(text: string): Uint8Array {
  return new Uint8Array(createHash("sha256").update(text).digest());
}

function bad(path: string, where: string, why: string): TriggerError {
  return new TriggerError(
    "SETTINGS_INVALID",
    `Cannot use the token file "${path}": ${where} ${why}`,
  );
}

/**
 * Reads a token file, checking that nobody but its owner can read it.
 *
 * @param text The file's text.
 * @param path Its path (for errors).
 * @returns The tokens.
 * @throws {TriggerError} `SETTINGS_INVALID` naming the bad entry and field.
 *
 * @example A read-only token, kept as a digest
 * ```ts
 * import { findToken, parseTokens } from "@trigger/trigger/api";
 * import { createHash } from "node:crypto";
 * import { strictEqual } from "node:assert/strict";
 *
 * const sha256 = createHash("sha256").update("t0ps3cret").digest("hex");
 * const tokens = parseTokens(JSON.stringify({ tokens: [{ name: "noc", sha256, verbs: ["read"] }] }), "tokens.json");
 * strictEqual(findToken(tokens, "t0ps3cret")?.name, "noc");
 * strictEqual(findToken(tokens, "guess"), undefined);
 * ```
 */
export function parseTokens(text: string, path: string): ApiToken[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw bad(path, "the file", `is not JSON (${(e as Error).message})`);
  }
  const list = (raw as { tokens?: unknown })?.tokens;
  if (!Array.isArray(list)) throw bad(path, "the file", 'has no "tokens" list');
  const names = new Set<string>();
  return list.map((t, i) => {
    const where = `tokens[${i}]`;
    const { name, token, sha256: hex, verbs } = (t ?? {}) as Record<string, unknown>;
    if (typeof name !== "string" || name === "") throw bad(path, `${where}.name`, "is missing");
    if (names.has(name)) throw bad(path, `${where}.name`, `"${name}" is given twice`);
    names.add(name);
    let digest: Uint8Array;
    if (typeof hex === "string" && /^[0-9a-f]{64}$/i.test(hex)) {
      digest = new Uint8Array(hex.match(/../g)!.map((b) => parseInt(b, 16)));
    } else if (typeof token === "string" && token.length >= 16) digest = sha256(token);
    else {
      throw bad(
        path,
        `${where}`,
        'needs "sha256" (64 hex digits) or "token" (16 characters or more)',
      );
    }
    if (!Array.isArray(verbs) || verbs.some((v) => !VERBS.includes(v as ApiVerb))) {
      throw bad(path, `${where}.verbs`, `must be a list of ${VERBS.join(", ")}`);
    }
    return { name, verbs: new Set(verbs as ApiVerb[]), digest };
  });
}

/**
 * Reads the token file, refusing one that others can read or write.
 *
 * @param path The file.
 * @returns The tokens.
 * @throws {TriggerError} `KEYFILE_INSECURE` for a file group or others can
 *   access, `IO_ERROR` when unreadable, `SETTINGS_INVALID` for bad content.
 */
export async function loadTokens(path: string): Promise<ApiToken[]> {
  let info: Deno.FileInfo;
  let text: string;
  try {
    info = await Deno.stat(path);
    text = await Deno.readTextFile(path);
  } catch (e) {
    throw new TriggerError(
      "IO_ERROR",
      `Cannot read the token file "${path}": ${(e as Error).message}`,
      {
        cause: e,
      },
    );
  }
  if (info.mode !== null && (info.mode & 0o077) !== 0) {
    throw new TriggerError(
      "KEYFILE_INSECURE",
      `Cannot use the token file "${path}": mode ${
        (info.mode & 0o777).toString(8)
      } lets others read it (chmod 600 "${path}")`,
    );
  }
  return parseTokens(text, path);
}

/**
 * The token a bearer presents, compared in constant time.
 *
 * @param tokens The tokens.
 * @param presented The bearer token.
 * @returns The matching token, or `undefined`.
 */
export function findToken(tokens: readonly ApiToken[], presented: string): ApiToken | undefined {
  const d = sha256(presented);
  let found: ApiToken | undefined;
  for (const t of tokens) if (timingSafeEqual(t.digest, d) && found === undefined) found = t;
  return found;
}
