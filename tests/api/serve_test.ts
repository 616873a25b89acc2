/**
 * `trigger serve` as a separate process against the lab: authentication and
 * verbs, validation, a job followed through Server-Sent Events, the ACL
 * checker, inventory search, bounce status, the request log.
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { labDir, trigger } from "../cli/_lab_dir.ts";
import { serve, tokenFile, TOKENS } from "./_serve.ts";
import { certificates } from "../_servers/tls.ts";

function call(url: string, path: string, token?: string, init: RequestInit = {}) {
  return fetch(`${url}${path}`, {
    ...init,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      "content-type": "application/json",
    },
  });
}

/** Reads Server-Sent Events until `end`. */
async function events(res: Response): Promise<{ event: string; data: Record<string, unknown> }[]> {
  const out: { event: string; data: Record<string, unknown> }[] = [];
  let buf = "";
  for await (const chunk of res.body!.pipeThrough(new TextDecoderStream())) {
    buf += chunk;
    let at: number;
    while ((at = buf.indexOf("\n\n")) >= 0) {
      const block = buf.slice(0, at);
      buf = buf.slice(at + 2);
      const event = /^event: ?(.*)$/m.exec(block)?.[1] ?? "message";
      const data = JSON.parse(/^data: ?(.*)$/m.exec(block)?.[1] ?? "{}");
      out.push({ event, data });
      if (event === "end") return out;
    }
  }
  return out;
}

Deno.test("trigger serve: 401/403/400/413, a job followed over SSE, ACL check, device search, bounce, the log", async () => {
  await using l = await labDir({ devices: 2, vendors: ["cisco_ios", "juniper_junos"] });
  const tokens = await tokenFile(l.dir);
  const { url, proc } = await serve(l.env, ["--tokens", tokens]);
  await using _p = proc;
  const names = l.lab.devices.map((d) => d.name);

  strictEqual((await call(url, "/api/v1/jobs")).status, 401);
  strictEqual((await call(url, "/api/v1/jobs", "not-a-token-at-all")).status, 401);
  strictEqual((await call(url, "/api/v1/jobs", TOKENS.reader)).status, 200);
  const spec = await (await call(url, "/openapi.json")).json();
  ok(spec.paths["/api/v1/jobs/{id}/events"]);

  const job = { job: "show_version", devices: names };
  const forbidden = await call(url, "/api/v1/jobs", TOKENS.reader, {
    method: "POST",
    body: JSON.stringify(job),
  });
  strictEqual(forbidden.status, 403);
  match((await forbidden.json()).error.message, /Token "noc" may not run/);
  const bad = await call(url, "/api/v1/jobs", TOKENS.runner, {
    method: "POST",
    body: JSON.stringify({ job: "show_version", devices: ["r1", 7] }),
  });
  strictEqual(bad.status, 400);
  deepStrictEqual((await bad.json()).error.field, "devices[1]");
  const big = await call(url, "/api/v1/jobs", TOKENS.runner, {
    method: "POST",
    body: JSON.stringify({ commands: ["x".repeat(2_000_000)], devices: names }),
  });
  strictEqual(big.status, 413);
  const push = await call(url, "/api/v1/jobs", TOKENS.runner, {
    method: "POST",
    body: JSON.stringify({
      job: "config_device",
      lines: ["ntp server 192.0.2.5"],
      push: true,
      devices: names,
    }),
  });
  strictEqual(push.status, 403, "a run token cannot push configuration");

  const created = await call(url, "/api/v1/jobs", TOKENS.runner, {
    method: "POST",
    body: JSON.stringify(job),
  });
  strictEqual(created.status, 202);
  const { job: started } = await created.json();
  const stream = await call(url, `/api/v1/jobs/${started.id}/events`, TOKENS.reader);
  strictEqual(stream.headers.get("content-type"), "text/event-stream");
  const seen = await events(stream);
  const devices = seen.filter((e) => e.event === "device").map((e) =>
    (e.data.result as { device: string }).device
  );
  deepStrictEqual(devices.sort(), [...names].sort());
  strictEqual(seen.at(-1)!.data.status, "done");
  const done = (await (await call(url, `/api/v1/jobs/${started.id}`, TOKENS.reader)).json()).job;
  strictEqual(done.done, 2);
  const ios = done.results.find((r: { device: string }) => r.device === names[0]);
  match(ios.results[0].parsed[0].VERSION, /^\d/);

  const acl =
    "ip access-list extended web\n permit tcp any host 192.0.2.10 eq 443\n deny ip any any\n";
  const check = await (await call(url, "/api/v1/acl/check", TOKENS.reader, {
    method: "POST",
    body: JSON.stringify({
      acl,
      flow: { src: "10.1.1.1", dst: "192.0.2.10", protocol: "tcp", dport: 443 },
    }),
  })).json();
  strictEqual(check.permitted, true);
  strictEqual(check.line, 2);
  const syntax = await call(url, "/api/v1/acl/check", TOKENS.reader, {
    method: "POST",
    body: JSON.stringify({
      acl: "ip access-list extended x\n permit bogus\n",
      flow: { src: "1.1.1.1", dst: "2.2.2.2" },
    }),
  });
  strictEqual(syntax.status, 400);
  const converted = await (await call(url, "/api/v1/acl/convert", TOKENS.reader, {
    method: "POST",
    body: JSON.stringify({ acl, to: "junos" }),
  })).json();
  match(converted.acl, /filter web/);

  const search = await (await call(url, "/api/v1/devices?q=junos", TOKENS.reader)).json();
  deepStrictEqual(search.devices.map((d: { nodeName: string }) => d.nodeName), [names[1]]);
  const bounce = await (await call(url, `/api/v1/bounce/${names[0]}`, TOKENS.reader)).json();
  ok(["green", "yellow", "red"].includes(bounce.status));

  const log = proc.log();
  match(log, /noc POST \/api\/v1\/jobs 403/);
  match(log, /ops POST \/api\/v1\/jobs 202/);
  match(log, /- GET \/api\/v1\/jobs 401/);
  for (const t of Object.values(TOKENS)) ok(!log.includes(t), "a token was logged");
});

Deno.test("trigger serve refuses a token file others can read, and plain HTTP beyond loopback", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = await tokenFile(dir);
    await Deno.chmod(path, 0o644);
    const r = await trigger({ HOME: dir, NETDEVICES_SOURCE: `${dir}/none.json` }, [
      "serve",
      "--tokens",
      path,
      "--listen",
      "127.0.0.1:0",
    ]);
    strictEqual(r.code, 2);
    match(r.err, /mode 644 lets others read it \(chmod 600 .*\[KEYFILE_INSECURE\]/);
    const p = await trigger({ HOME: dir }, ["serve", "--tokens", path, "--listen", "0.0.0.0:0"]);
    strictEqual(p.code, 2);
    match(p.err, /without TLS/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("trigger serve --tls-cert/--tls-key: HTTPS that a client trusting the CA reaches", async () => {
  await using l = await labDir({ devices: 1, vendors: ["cisco_ios"] });
  await certificates(l.dir);
  const { proc } = await serve(l.env, [
    "--tokens",
    await tokenFile(l.dir),
    "--tls-cert",
    `${l.dir}/server.crt`,
    "--tls-key",
    `${l.dir}/server.key`,
  ]);
  await using _p = proc;
  const url = await proc.waitFor(/https:\/\/127\.0\.0\.1:\d+/);
  const curl = await new Deno.Command("curl", {
    args: [
      "-s",
      "--cacert",
      `${l.dir}/ca.crt`,
      "-H",
      `Authorization: Bearer ${TOKENS.reader}`,
      `${url}/api/v1/devices`,
    ],
    stdout: "piped",
  }).output();
  strictEqual(curl.code, 0);
  deepStrictEqual(JSON.parse(new TextDecoder().decode(curl.stdout)).total, 1);
});

Deno.test("trigger serve: POST /api/v1/acl/diff answers what acl-diff --json prints; 401, 400 naming the field (ACL_SYNTAX with its line), 413; described in /openapi.json", async () => {
  await using l = await labDir({ devices: 1, vendors: ["cisco_ios"] });
  const tokens = await tokenFile(l.dir);
  const { url, proc } = await serve(l.env, ["--tokens", tokens, "--max-body", "65536"]);
  await using _p = proc;
  const dir = new URL("../acl/acl_diff/", import.meta.url);
  const old = await Deno.readTextFile(new URL("edge_old.acl", dir));
  const neu = await Deno.readTextFile(new URL("edge_new.junos", dir));
  const golden = JSON.parse(await Deno.readTextFile(new URL("edge.diff.json", dir)));
  const diff = (token: string | undefined, body: unknown) =>
    call(url, "/api/v1/acl/diff", token, { method: "POST", body: JSON.stringify(body) });

  strictEqual((await diff(undefined, { old, new: neu })).status, 401);
  const r = await diff(TOKENS.reader, { old, new: neu });
  strictEqual(r.status, 200);
  // the same comparison as `trigger acl-diff --json edge_old.acl edge_new.junos` (the golden)
  deepStrictEqual(await r.json(), golden);
  const same = await (await diff(TOKENS.reader, { old, new: old, dialect: "ios" })).json();
  deepStrictEqual(same, { equivalent: true, differences: [], truncated: false });
  const one = await (await diff(TOKENS.reader, { old, new: neu, max: 1 })).json();
  strictEqual(one.differences.length, 1);
  strictEqual(one.truncated, golden.differences.length > 1);

  const refused = async (body: unknown, field: string, code = "INVALID_ARGUMENT") => {
    const res = await diff(TOKENS.reader, body);
    strictEqual(res.status, 400, JSON.stringify(body).slice(0, 80));
    const { error } = await res.json();
    strictEqual(error.field, field, error.message);
    strictEqual(error.code, code);
    return error.message as string;
  };
  await refused({ old }, "new");
  await refused({ old: "", new: neu }, "old");
  await refused({ old, new: neu, dialect: "cobol" }, "dialect");
  await refused({ old, new: neu, max: 0 }, "max");
  await refused({ old, new: neu, max: 2.5 }, "max");
  await refused({ old, new: neu, context: 3 }, "context");
  await refused([old, neu], "(body)");
  const syntax = await refused(
    { old, new: "ip access-list extended x\n permit ip any any\n permit bogus\n" },
    "new",
    "ACL_SYNTAX",
  );
  match(syntax, /^new: .*line 3/);
  const two = await refused({ old: old + old.replace("EDGE", "EDGE2"), new: neu }, "old");
  match(two, /^old: the text holds 2 filters: send one filter per request$/);
  const big = await diff(TOKENS.reader, { old: old.repeat(300), new: neu });
  strictEqual(big.status, 413);

  const spec = await (await call(url, "/openapi.json")).json();
  const op = spec.paths["/api/v1/acl/diff"].post;
  deepStrictEqual(op.requestBody.content["application/json"].schema.required, ["old", "new"]);
  match(op.description, /Token verb: read/);
  match(proc.log(), /noc POST \/api\/v1\/acl\/diff 200/);
  match(proc.log(), /- POST \/api\/v1\/acl\/diff 401/);
});
