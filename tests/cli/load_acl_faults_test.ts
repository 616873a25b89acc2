/**
 * `trigger load-acl` against devices that fail in the ways networks do: a
 * connection dropped mid-push, a refused line, a line silently dropped (the
 * read-back differs), a slow device, one that hangs after login, one that
 * stops answering mid-push (the per-device time limit), a wrong enable
 * password. After the run, each device read back from the lab holds
 * either the new list (verified) or its previous one, and the result, the
 * change log and the queue all say which.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { parse } from "../../lib/acl/acl.ts";
import { SqliteAclStore } from "../../lib/acl/db/sqlite_store.ts";
import { CredentialStore } from "../../lib/credentials/mod.ts";
import { aclDeviceKind, compareAclTexts } from "../../lib/changemgmt/mod.ts";
import { renderAcl } from "../../lib/changemgmt/acl_platforms.ts";
import { type AclLab, aclLab, deviceSays, junosFilter } from "./_acl_lab.ts";
import { logRecords } from "./_child.ts";
import { trigger } from "./_lab_dir.ts";

const entries = (port: number, n: number) =>
  Array.from({ length: n }, (_, i) => ` permit tcp any host 192.0.2.${i + 10} eq ${port}`);
const V1 = `ip access-list extended EDGE-IN\n${entries(22, 3).join("\n")}\n deny ip any any\n`;
const V2 = `ip access-list extended EDGE-IN\n${
  entries(443, 25).join("\n")
}\n deny ip any any log\n`;

/** V1 as the device's own configuration lines (what it starts with). */
function seed(platform: string): string[] {
  using acl = parse(V1);
  return renderAcl(acl, "EDGE-IN", aclDeviceKind({ nodeName: "x", platform })).definition
    .split("\n").filter((l) => l.trim() !== "");
}

const DEVICES = [
  { name: "ios-ok", platform: "cisco_ios", faults: {} },
  { name: "ios-slow", platform: "cisco_ios", faults: { slowOutput: 3000 } },
  { name: "ios-drop", platform: "cisco_ios", faults: { disconnectMidPush: "once" as const } },
  { name: "ios-reject", platform: "cisco_ios", faults: { rejectConfig: true } },
  { name: "ios-ignore", platform: "cisco_ios", faults: { ignoreConfig: "192.0.2.30" } },
  { name: "ios-hang", platform: "cisco_ios", faults: { hang: "login" as const } },
  // stops answering mid-push: the per-device time limit ends it, the previous list is put back
  { name: "ios-stall", platform: "cisco_ios", faults: { hangMidPush: "once" as const } },
  { name: "ios-enable", platform: "cisco_ios", faults: {} },
  { name: "eos-drop", platform: "arista_eos", faults: { disconnectMidPush: "once" as const } },
  { name: "nxos-ok", platform: "cisco_nxos", faults: {} },
  { name: "mx-drop", platform: "juniper_junos", faults: { disconnectMidPush: "once" as const } },
  { name: "mx-reject", platform: "juniper_junos", faults: { rejectConfig: true } },
];

/** What the device holds now: "new", "previous" or something else (read back from the lab). */
async function holds(lab: AclLab, name: string, platform: string): Promise<string> {
  const kind = aclDeviceKind({ nodeName: name, platform });
  using v1 = parse(V1);
  using v2 = parse(V2);
  if (kind.load === "netconf") {
    const filter = await junosFilter(lab, name, "EDGE-IN");
    if (filter === null) return "previous"; // it had no such filter before
    const want = renderAcl(v2, "EDGE-IN", kind).definition;
    return compareAclTexts(want, filter, "junos").equal ? "new" : filter;
  }
  const r1 = renderAcl(v1, "EDGE-IN", kind);
  const r2 = renderAcl(v2, "EDGE-IN", kind);
  const shown = await deviceSays(lab, name, r1.readback);
  const text = shown.split("\n").filter((l) => /^(ip access-list|\s+\S)/.test(l)).join("\n") + "\n";
  if (compareAclTexts(r2.definition, text, "ios").equal) return "new";
  if (compareAclTexts(r1.definition, text, "ios").equal) return "previous";
  return text;
}

Deno.test("load-acl with faulty devices: each holds the new list or its previous one; results, log and queue agree", async () => {
  await using lab = await aclLab(
    DEVICES.map((d) => ({
      ...d,
      ...(d.platform === "juniper_junos" ? {} : { config: seed(d.platform) }),
    })),
    { "EDGE-IN": V2 },
    Object.fromEntries(DEVICES.map((d) => [d.name, ["EDGE-IN"]])),
  );
  // ios-enable: its realm's enable password is wrong
  const inv = JSON.parse(await Deno.readTextFile(`${lab.dir}/netdevices.json`));
  for (const r of inv) if (r.nodeName === "ios-enable") r.realm = "badenable";
  await Deno.writeTextFile(`${lab.dir}/netdevices.json`, JSON.stringify(inv));
  const creds = await CredentialStore.open({
    path: `${lab.dir}/credentials`,
    keyFile: `${lab.dir}/credentials.key`,
  });
  const c = lab.ld.lab.credentials;
  await creds.set("badenable", {
    username: c.username,
    password: c.password,
    enablePassword: "nope",
  });
  for (const d of DEVICES.filter((d) => d.platform !== "juniper_junos" && d.faults !== undefined)) {
    if (d.name === "ios-hang" || d.name === "ios-enable") continue;
    strictEqual(await holds(lab, d.name, d.platform), "previous", `${d.name} starts with V1`);
  }
  const r = await trigger(lab.env, [
    "load-acl",
    "EDGE-IN",
    "--yes",
    "--json",
    "--force-bulk",
    "--host-key-policy",
    "off",
    "--timeout",
    "25",
    "--confirm-minutes",
    "1",
  ]);
  strictEqual(r.code, 1, r.err);
  const results = Object.fromEntries(
    (JSON.parse(r.out) as { device: string; status: string; left?: string }[]).map((
      x,
    ) => [x.device, x]),
  );
  const expected: Record<string, string> = {
    "ios-ok": "new",
    "ios-slow": "new",
    "ios-drop": "previous",
    "ios-reject": "previous",
    "ios-ignore": "previous",
    "ios-hang": "previous",
    "ios-stall": "previous",
    "ios-enable": "previous",
    "eos-drop": "previous",
    "nxos-ok": "new",
    "mx-drop": "previous",
    "mx-reject": "previous",
  };
  const log = await logRecords(lab.log);
  const store = SqliteAclStore.open(`${lab.dir}/acls.db`);
  try {
    for (const d of DEVICES) {
      const want = expected[d.name]!;
      const result = results[d.name]!;
      strictEqual(result.left, want, `${d.name}: ${JSON.stringify(result)}`);
      strictEqual(result.status, want === "new" ? "done" : "failed", d.name);
      // the device itself, read back
      if (d.name !== "ios-hang" && d.name !== "ios-enable") {
        strictEqual(await holds(lab, d.name, d.platform), want, d.name);
      }
      // the change log's result record
      const rec = log.filter((x) => x.event === "result" && x.device === d.name).at(-1);
      strictEqual(rec?.left, want, `${d.name} in the log`);
      // the queue: done only for a verified load; a device that changed then went back stays pending
      const done = await store.entries({ device: d.name, state: "done" });
      const pending = await store.entries({ device: d.name, state: "pending" });
      deepStrictEqual(
        [done.length, want],
        [want === "new" ? 1 : 0, want],
        `${d.name} in the queue`,
      );
      const began = log.some((x) => x.event === "change" && x.device === d.name);
      strictEqual(pending.length, want === "new" || !began ? 0 : 1, `${d.name} pending`);
      ok(
        pending.every((e) => !e.note?.startsWith("IN PROGRESS")),
        `${d.name}: no load left in progress`,
      );
    }
  } finally {
    await store.close();
  }
});
