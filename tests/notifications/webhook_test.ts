import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import {
  handlersFromConfig,
  notify,
  webhookHandler,
  webhookSignature,
} from "../../lib/notifications/mod.ts";
import { isTriggerError } from "../../lib/errors.ts";

interface Seen {
  body: string;
  headers: Headers;
}

function serve(handler: (req: Request, seen: Seen[]) => Response | Promise<Response>) {
  const seen: Seen[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const body = await req.text();
    seen.push({ body, headers: req.headers });
    return await handler(req, seen);
  });
  return { server, seen, url: `http://127.0.0.1:${server.addr.port}/hook` };
}

const MSG = {
  subject: "Load done",
  body: "3 devices",
  level: "success" as const,
  data: { devices: 3 },
};

Deno.test("webhookHandler POSTs JSON signed with HMAC-SHA256", async () => {
  const { server, seen, url } = serve(() => new Response("ok"));
  try {
    const [r] = await notify(MSG, [
      webhookHandler({ url, secret: "s3cret", headers: { "x-team": "neteng" } }),
    ]);
    strictEqual(r!.ok, true, r!.error);
    const got = seen[0]!;
    const json = JSON.parse(got.body);
    deepStrictEqual([json.subject, json.body, json.level, json.data], [
      "Load done",
      "3 devices",
      "success",
      {
        devices: 3,
      },
    ]);
    ok(!Number.isNaN(Date.parse(json.timestamp)));
    strictEqual(got.headers.get("content-type"), "application/json");
    strictEqual(got.headers.get("x-team"), "neteng");
    strictEqual(got.headers.get("x-trigger-signature"), await webhookSignature("s3cret", got.body));
  } finally {
    await server.shutdown();
  }
});

Deno.test("webhook failures (5xx, timeout, refused) are ok:false results, not exceptions", async () => {
  const failing = serve(() => new Response("boom", { status: 503 }));
  let release = () => {};
  const hanging = serve(() =>
    new Promise<Response>((resolve) => (release = () => resolve(new Response("late"))))
  );
  const closed = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const refusedUrl = `http://127.0.0.1:${closed.addr.port}/`;
  closed.close();
  try {
    const results = await notify(MSG, [
      webhookHandler({ url: failing.url, name: "5xx" }),
      webhookHandler({ url: hanging.url, name: "slow" }),
      webhookHandler({ url: refusedUrl, name: "refused" }),
    ], { timeoutMs: 300 });
    deepStrictEqual(results.map((r) => [r.handler, r.ok]), [["5xx", false], ["slow", false], [
      "refused",
      false,
    ]]);
    ok(/HTTP 503/.test(results[0]!.error!), results[0]!.error);
    ok(/timed out after 300 ms/.test(results[1]!.error!), results[1]!.error);
    ok(results[2]!.error!.length > 0);
  } finally {
    release();
    await failing.server.shutdown();
    await hanging.server.shutdown();
  }
});

Deno.test("handlersFromConfig() builds handlers and rejects bad settings", async () => {
  const { server, seen, url } = serve(() => new Response(null, { status: 204 }));
  try {
    const handlers = handlersFromConfig({ handlers: [{ type: "webhook", name: "chat", url }] });
    const [r] = await notify(MSG, handlers);
    strictEqual(r!.ok, true, r!.error);
    strictEqual(seen.length, 1);
  } finally {
    await server.shutdown();
  }
  for (
    const bad of [
      null,
      { handlers: "x" },
      { handlers: [{ type: "pager" }] },
      { handlers: [{ type: "webhook", url: "not a url" }] },
      { handlers: [{ type: "email", host: "h", from: "f" }] },
    ]
  ) {
    try {
      handlersFromConfig(bad);
      ok(false, JSON.stringify(bad));
    } catch (e) {
      ok(isTriggerError(e, "SETTINGS_INVALID"), String(e));
    }
  }
});
