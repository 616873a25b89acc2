/**
 * The HTTP API of `trigger serve` (hono): fleet jobs (submit, follow with
 * Server-Sent Events, list, cancel), inventory search, ACL convert / check /
 * diff, bounce status, the OpenAPI description at `/openapi.json` and the web
 * page at `/`. Every `/api/` request needs a bearer token whose verbs allow
 * it (401 without a valid token, 403 for a verb it lacks); bodies are limited
 * in size (413) and checked (400 naming the field). Every request is told to
 * `onRequest` with its token's name — never the token.
 *
 * @module
 */
import { Hono } from "hono";
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { streamSSE } from "hono/streaming";
import { TriggerError } from "../errors.ts";
import type { NetDevice } from "../netdevices/mod.ts";
import { ACL_DIALECTS, ACL_FORMATS, type AclDialect, type AclFormat } from "../acl/ir.ts";
import { type Acl, convert, parse } from "../acl/acl.ts";
import { compareAcls, namedComparison } from "../acl/header_space.ts";
import { FLOW_FIELDS } from "../acl/flow.ts";
import { filterCountOf } from "../acl/_several.ts";
import { NAMED_JOBS } from "../commando/jobs.ts";
import { type ApiToken, type ApiVerb, findToken } from "./tokens.ts";
import type { JobEvent, JobManager } from "./jobs.ts";
import { planOf } from "./fleet.ts";
import {
  jobRequest,
  objectOf,
  optionalInteger,
  optionalText,
  RequestError,
  text,
} from "./validate.ts";
import { openApiDocument } from "./openapi.ts";
import { WEB_FILES } from "./web/_embedded.ts";

/** One request, for the server's log. */
export interface RequestLog {
  /** HTTP method. */
  method: string;
  /** Path, without the query. */
  path: string;
  /** Response status. */
  status: number;
  /** The token's name, or `-` without a valid token. */
  token: string;
  /** Milliseconds to answer. */
  ms: number;
}

/** Options of {@linkcode createApi}. */
export interface ApiOptions {
  /** The bearer tokens. */
  tokens: readonly ApiToken[];
  /** The jobs. */
  jobs: JobManager;
  /** The inventory (`NetDevices`). */
  inventory: ApiInventory;
  /** The bounce policy (maintenance windows; `loadBouncePolicy`). */
  bounce: () => Promise<{ windowFor(device: NetDevice): BounceWindowLike }>;
  /** Told about every request. @default {undefined} */
  onRequest?: (log: RequestLog) => void;
  /** Largest request body in bytes. @default {1048576} */
  maxBodyBytes?: number;
}

type Env = { Variables: { token: ApiToken } };

/** What the API reads of the inventory (a `NetDevices` fits). */
export interface ApiInventory extends Iterable<NetDevice> {
  /** A device by (partial) name; throws `DEVICE_NOT_FOUND`. */
  find(name: string): NetDevice;
  /** Devices whose fields match. */
  match(query: Record<string, string[]>): NetDevice[];
}

/** What the API reads of a device's maintenance window (a `BounceWindow` fits). */
export interface BounceWindowLike {
  /** The window's time zone. */
  readonly timeZone: string;
  /** The status at a time, and why. */
  explain(at: Temporal.Instant): { status: string; reason: string; detail?: string | undefined };
  /** The next time the status is `status` or better. */
  nextOk(status: "green", at: Temporal.Instant): Temporal.Instant | null;
}

/** A fetch handler (the hono app). */
export interface ApiApp {
  /** Answers a request. */
  fetch(request: Request): Response | Promise<Response>;
}

function problem(
  c: Context,
  status: 400 | 401 | 403 | 404 | 409 | 413 | 500,
  code: string,
  message: string,
  field?: string,
) {
  return c.json({ error: { code, message, ...(field ? { field } : {}) } }, status);
}

function deviceSummary(d: NetDevice) {
  return {
    nodeName: d.nodeName,
    vendor: d.vendor,
    platform: d.platform ?? null,
    deviceType: d.deviceType ?? null,
    address: d.address,
    site: d.get?.("site") ?? null,
    adminStatus: d.get?.("adminStatus") ?? null,
  };
}

/**
 * Builds the API.
 *
 * @param o Tokens, jobs, inventory, bounce policy, request log.
 * @returns The hono app (`app.fetch` serves it).
 */
export function createApi(o: ApiOptions): ApiApp {
  const app = new Hono<Env>();
  const maxBody = o.maxBodyBytes ?? 1_048_576;

  app.use("*", async (c, next) => {
    const t0 = performance.now();
    await next();
    o.onRequest?.({
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      status: c.res.status,
      token: c.get("token")?.name ?? "-",
      ms: Math.round(performance.now() - t0),
    });
  });

  app.onError((e, c) => {
    if (e instanceof RequestError) return problem(c, 400, e.code, e.message, e.field);
    if (e instanceof TriggerError) {
      const status = e.code === "DEVICE_NOT_FOUND" ? 404 : 400;
      return problem(c, status, e.code, e.message);
    }
    if (e instanceof SyntaxError) return problem(c, 400, "ACL_SYNTAX", e.message);
    return problem(c, 500, "INTERNAL", e instanceof Error ? e.message : String(e));
  });

  // the page and the description are public; the data is not
  app.get("/", (c) => c.html(WEB_FILES["index.html"]!));
  app.get(
    "/app.js",
    (c) => c.body(WEB_FILES["app.js"]!, 200, { "content-type": "text/javascript; charset=utf-8" }),
  );
  app.get(
    "/style.css",
    (c) => c.body(WEB_FILES["style.css"]!, 200, { "content-type": "text/css; charset=utf-8" }),
  );
  app.get("/openapi.json", (c) => c.json(openApiDocument()));

  /** The request's token (401 without a valid one), then whether it may use `verb` (403). */
  const authorize = (c: Context<Env>, verb?: ApiVerb): Response | undefined => {
    let token = c.get("token") as ApiToken | undefined;
    if (!token) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "");
      token = m ? findToken(o.tokens, m[1]!) : undefined;
      if (!token) {
        c.header("www-authenticate", 'Bearer realm="trigger"');
        return problem(
          c,
          401,
          "AUTH_FAILED",
          m ? "Unknown token" : "No bearer token (Authorization: Bearer TOKEN)",
        );
      }
      c.set("token", token);
    }
    if (verb !== undefined && !token.verbs.has(verb)) {
      return problem(
        c,
        403,
        "FORBIDDEN",
        `Token "${token.name}" may not ${verb} (its verbs: ${[...token.verbs].join(", ")})`,
      );
    }
    return undefined;
  };
  const allow = (verb?: ApiVerb): MiddlewareHandler<Env> => async (c, next) => {
    const refused = authorize(c, verb);
    if (refused) return refused;
    await next();
    return undefined;
  };
  const limit = bodyLimit({
    maxSize: maxBody,
    onError: (c) =>
      problem(c, 413, "INVALID_ARGUMENT", `Request body larger than ${maxBody} bytes`),
  });
  const body = async (c: Context) => {
    try {
      return await c.req.json();
    } catch {
      throw new RequestError("(body)", "expected JSON (Content-Type: application/json)");
    }
  };

  const api = new Hono<Env>();
  api.get(
    "/jobs",
    allow("read"),
    (c) => c.json({ jobs: o.jobs.list().map(({ results: _r, ...j }) => j) }),
  );
  api.get("/jobs/named", allow("read"), (c) => c.json({ jobs: NAMED_JOBS }));
  api.post("/jobs", allow(), limit, async (c) => {
    const req = jobRequest(await body(c));
    const plan = planOf(req);
    // the verb depends on the request: a real push needs "push", a dry run only "read"
    const verb: ApiVerb = plan.dryRun ? "read" : plan.kind === "push" ? "push" : "run";
    const refused = authorize(c, verb);
    if (refused) return refused;
    const { results: _r, ...job } = o.jobs.submit(req, plan.name, c.get("token").name);
    c.header("location", `/api/v1/jobs/${job.id}`);
    return c.json({ job }, 202);
  });
  api.get("/jobs/:id", allow("read"), (c) => {
    const job = o.jobs.get(c.req.param("id"));
    return job ? c.json({ job }) : problem(c, 404, "NOT_FOUND", `No job "${c.req.param("id")}"`);
  });
  api.delete("/jobs/:id", allow("run"), (c) => {
    const id = c.req.param("id");
    if (!o.jobs.get(id)) return problem(c, 404, "NOT_FOUND", `No job "${id}"`);
    return o.jobs.cancel(id)
      ? c.json({ cancelled: true })
      : problem(c, 409, "CONFLICT", `Job "${id}" is not running`);
  });
  api.get("/jobs/:id/events", allow("read"), (c) => {
    const job = o.jobs.get(c.req.param("id"));
    if (!job) return problem(c, 404, "NOT_FOUND", `No job "${c.req.param("id")}"`);
    return streamSSE(c, async (stream) => {
      const send = (e: JobEvent) => stream.writeSSE({ event: e.type, data: JSON.stringify(e) });
      // what happened before the client came, then what happens next
      const queue: JobEvent[] = [];
      let wake: (() => void) | undefined;
      const unfollow = job.status === "running"
        ? o.jobs.follow(job.id, (e) => {
          queue.push(e);
          wake?.();
        })
        : undefined;
      const seen = job.results.length;
      for (const r of job.results.slice(0, seen)) await send({ type: "device", result: r });
      await send({ type: "progress", done: job.done, total: job.total, failed: job.failed });
      if (!unfollow) {
        await send({ type: "end", status: job.status, ...(job.error ? { error: job.error } : {}) });
        return;
      }
      stream.onAbort(() => {
        unfollow();
        wake?.();
      });
      let skip = seen;
      for (;;) {
        const e = queue.shift();
        if (e === undefined) {
          if (stream.aborted) break;
          await new Promise<void>((r) => (wake = r));
          wake = undefined;
          continue;
        }
        if (e.type === "device" && skip > 0 && job.results.indexOf(e.result) < seen) {
          skip--;
          continue;
        }
        await send(e);
        if (e.type === "end") break;
      }
      unfollow();
    });
  });

  api.get("/devices", allow("read"), (c) => {
    const url = new URL(c.req.url);
    const q = (url.searchParams.get("q") ?? "").toLowerCase();
    const limitN = Math.min(Number(url.searchParams.get("limit") ?? 100) || 100, 1000);
    const match: Record<string, string[]> = {};
    for (const [k, v] of url.searchParams) {
      if (k !== "q" && k !== "limit") (match[k] ??= []).push(v);
    }
    const pool = Object.keys(match).length ? o.inventory.match(match) : [...o.inventory];
    const found = pool.filter((d) => q === "" || d.nodeName.toLowerCase().includes(q));
    return c.json({ total: found.length, devices: found.slice(0, limitN).map(deviceSummary) });
  });
  api.get("/devices/:name", allow("read"), (c) => {
    const d = o.inventory.find(c.req.param("name"));
    return c.json({ device: deviceSummary(d) });
  });

  /**
   * The one ACL of a body field; a syntax error (`ACL_SYNTAX`, with its line)
   * or a text of several filters is a 400 naming the field.
   */
  const aclField = (b: Record<string, unknown>, key: string, dialect: AclDialect): Acl => {
    const source = text(b, key);
    try {
      return parse(source, { dialect });
    } catch (e) {
      if (e instanceof SyntaxError) throw new RequestError(key, e.message, "ACL_SYNTAX");
      // more than one filter in the text (the library's message points at parseAll: say it as
      // the request's field), or none
      if (e instanceof RangeError) {
        const count = filterCountOf(e);
        throw new RequestError(
          key,
          count === undefined
            ? e.message
            : `the text holds ${count} filters: send one filter per request`,
        );
      }
      throw e;
    }
  };
  api.post("/acl/convert", allow("read"), limit, async (c) => {
    const b = objectOf(await body(c), ["acl", "to", "from"]);
    const to = text(b, "to") as AclFormat;
    if (!ACL_FORMATS.includes(to)) {
      throw new RequestError("to", `expected one of ${ACL_FORMATS.join(", ")}`);
    }
    const from = optionalText(b, "from") ?? "auto";
    if (!["auto", "ios", "junos"].includes(from)) {
      throw new RequestError("from", "expected auto, ios or junos");
    }
    return c.json({ acl: convert(text(b, "acl"), to, { from: from as "auto" }) });
  });
  api.post("/acl/check", allow("read"), limit, async (c) => {
    const b = objectOf(await body(c), ["acl", "flow"]);
    using acl = aclField(b, "acl", "auto");
    const f = objectOf(b.flow, FLOW_FIELDS);
    const flow = { src: text(f, "src"), dst: text(f, "dst") } as Record<string, unknown>;
    for (const k of FLOW_FIELDS) {
      if (k !== "src" && k !== "dst" && f[k] !== undefined) flow[k] = f[k];
    }
    const r = acl.check(flow as { src: string; dst: string });
    return c.json({
      permitted: r.permitted,
      term: r.term,
      line: r.line,
      index: r.index,
      filter: acl.name,
      ...(r.missing ? { missing: r.missing } : {}),
    });
  });

  api.post("/acl/diff", allow("read"), limit, async (c) => {
    const b = objectOf(await body(c), ["old", "new", "dialect", "max"]);
    const dialect = optionalText(b, "dialect") ?? "auto";
    if (!(ACL_DIALECTS as readonly string[]).includes(dialect)) {
      throw new RequestError("dialect", `expected one of ${ACL_DIALECTS.join(", ")}`);
    }
    const max = optionalInteger(b, "max", 1, 1000) ?? 100;
    using before = aclField(b, "old", dialect as AclDialect);
    using after = aclField(b, "new", dialect as AclDialect);
    // the engine reads both texts itself (as `trigger acl-diff` does): handing it the IR that
    // `parse` decoded, as JSON, cost several times the comparison (10,000 terms: ~400 ms vs ~60)
    const side = (key: string) => ({ text: text(b, key), dialect: dialect as AclDialect });
    const r = compareAcls(side("old"), side("new"), { maxRegions: max });
    return c.json(namedComparison(r, before, after));
  });

  api.get("/bounce/:device", allow("read"), async (c) => {
    const d = o.inventory.find(c.req.param("device"));
    const window = (await o.bounce()).windowFor(d);
    const now = Temporal.Now.instant();
    const why = window.explain(now);
    const next = window.nextOk("green", now);
    return c.json({
      device: d.nodeName,
      status: why.status,
      reason: why.reason,
      ...(why.detail ? { detail: why.detail } : {}),
      timeZone: window.timeZone,
      at: now.toString(),
      nextGreen: next?.toString() ?? null,
    });
  });

  app.route("/api/v1", api);
  app.notFound((c) =>
    problem(c, 404, "NOT_FOUND", `No route ${c.req.method} ${new URL(c.req.url).pathname}`)
  );
  return app;
}
