import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";

const MAIN = new URL("../../cli/main.ts", import.meta.url).pathname;

async function trigger(args: string[], env: Record<string, string>) {
  const o = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    env: { ...env, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: o.code,
    stdout: new TextDecoder().decode(o.stdout),
    stderr: new TextDecoder().decode(o.stderr),
  };
}

async function fixture() {
  const dir = await Deno.makeTempDir({ prefix: "trigger-cli-" });
  await Deno.writeTextFile(
    `${dir}/netdevices.json`,
    JSON.stringify([
      {
        nodeName: "edge1.nyc.example.net",
        manufacturer: "JUNIPER",
        deviceType: "ROUTER",
        site: "NYC",
        adminStatus: "PRODUCTION",
        owningTeam: "Backbone",
      },
      {
        nodeName: "edge2.lon.example.net",
        manufacturer: "CISCO SYSTEMS",
        deviceType: "ROUTER",
        site: "LON",
        adminStatus: "PRODUCTION",
        owningTeam: "Backbone",
      },
    ]),
  );
  await Deno.writeTextFile(
    `${dir}/bounce.json`,
    JSON.stringify({
      windows: { lon: { timeZone: "Europe/London", green: "0-23" } },
      default: { red: "0-23" },
      rules: [{ match: { site: "LON" }, window: "lon" }],
    }),
  );
  const env = {
    HOME: Deno.env.get("HOME") ?? dir,
    XDG_CONFIG_HOME: dir,
    NETDEVICES_SOURCE: `${dir}/netdevices.json`,
    BOUNCE_FILE: `${dir}/bounce.json`,
    ACL_DB_PATH: `${dir}/acls.sqlite`,
    USER: "alice",
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
  };
  return { dir, env, [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }) };
}

Deno.test("trigger bounce shows status and next green in both zones, exit 0 only when green", async () => {
  await using f = await fixture();
  const green = await trigger(["bounce", "edge2", "--json", "--at", "2026-11-24T12:00:00Z"], f.env);
  strictEqual(green.code, 0, green.stderr);
  const j = JSON.parse(green.stdout);
  strictEqual(j.device, "edge2.lon.example.net");
  strictEqual(j.status, "green");
  strictEqual(j.timeZone, "Europe/London");
  strictEqual(j.nextGreen, "2026-11-24T12:00:00Z");
  const red = await trigger(["bounce", "edge1.nyc", "--at", "2026-11-24 08:00"], {
    ...f.env,
    TZ: "UTC",
  });
  strictEqual(red.code, 1, red.stderr);
  match(red.stdout, /edge1\.nyc\.example\.net: RED/);
  match(red.stdout, /next green: none within 400 days/);
});

Deno.test("trigger bounce rejects a bad --at and an unknown device with exit 2", async () => {
  await using f = await fixture();
  const bad = await trigger(["bounce", "edge2", "--at", "tomorrow-ish"], f.env);
  strictEqual(bad.code, 2);
  match(bad.stderr, /Cannot read time "tomorrow-ish"/);
  const unknown = await trigger(["bounce", "nope"], f.env);
  strictEqual(unknown.code, 2);
  match(unknown.stderr, /DEVICE_NOT_FOUND/);
});

Deno.test("trigger acl adds, searches, queues and lists (SQLite store)", async () => {
  await using f = await fixture();
  const add = await trigger(["acl", "-a", "edge-in", "-a", "mgmt", "edge1", "ghost"], f.env);
  strictEqual(add.code, 1); // ghost skipped
  match(add.stdout, /added acl edge-in to edge1\.nyc\.example\.net/);
  match(add.stderr, /skipping ghost: invalid device/);
  const dup = await trigger(["acl", "-a", "edge-in", "edge1"], f.env);
  strictEqual(dup.code, 1);
  match(dup.stderr, /edge1\.nyc\.example\.net already has acl edge-in/);
  const search = await trigger(["acl", "edge", "--json"], f.env);
  strictEqual(search.code, 0, search.stderr);
  deepStrictEqual(JSON.parse(search.stdout), { "edge1.nyc.example.net": ["edge-in", "mgmt"] });
  const none = await trigger(["acl", "-x", "zzz"], f.env);
  strictEqual(none.code, 1);
  match(none.stderr, /No results/);
  const inject = await trigger(["acl", "-i", "edge-in", "orphan"], f.env);
  strictEqual(inject.code, 0, inject.stderr);
  match(inject.stdout, /edge-in injected into the integrated load queue for edge1/);
  match(inject.stdout, /orphan injected into the manual load queue/);
  const list = await trigger(["acl", "-l"], f.env);
  match(list.stdout, /^edge-in\s+edge1\.nyc\.example\.net$/m);
  const manual = await trigger(["acl", "-m", "--json"], f.env);
  const entries = JSON.parse(manual.stdout).entries;
  strictEqual(entries.length, 1);
  strictEqual(entries[0].user, "alice");
  const cleared = await trigger(["acl", "-c", "edge-in"], f.env);
  match(cleared.stdout, /cleared 1 pending entry of edge-in/);
  const usage = await trigger(["acl", "-a", "x", "-r", "y", "edge1"], f.env);
  strictEqual(usage.code, 2);
  ok(usage.stderr.includes("Cannot add and remove at once"));
});
