/**
 * `kill -9` in the middle of `load-acl --queue`, twenty times at random
 * moments: each time the next `load-acl --queue` finds the loads the dead
 * run left in progress, repairs those devices first (or names them), and
 * afterwards every device, read back from the lab, holds the wanted list and
 * the queue holds nothing in progress.
 */
import { ok, strictEqual } from "node:assert/strict";
import { parse } from "../../lib/acl/acl.ts";
import { SqliteAclStore } from "../../lib/acl/db/sqlite_store.ts";
import { aclDeviceKind, compareAclTexts } from "../../lib/changemgmt/mod.ts";
import { renderAcl } from "../../lib/changemgmt/acl_platforms.ts";
import { type AclLab, aclLab, deviceSays, junosFilter } from "./_acl_lab.ts";
import { logRecords, TriggerChild } from "./_child.ts";
import { trigger } from "./_lab_dir.ts";

const version = (n: number) =>
  `ip access-list extended EDGE-IN\n${
    Array.from({ length: 6 }, (_, i) => ` permit tcp any host 192.0.2.${i + 10} eq ${1000 + n}`)
      .join("\n")
  }\n deny ip any any\n`;

const DEVICES = [
  { name: "r1", platform: "cisco_ios" },
  { name: "sw1", platform: "arista_eos" },
  { name: "mx1", platform: "juniper_junos" },
];

function seed(platform: string): string[] {
  using acl = parse(version(0));
  return renderAcl(acl, "EDGE-IN", aclDeviceKind({ nodeName: "x", platform })).definition
    .split("\n").filter((l: string) => l.trim() !== "");
}

async function holdsVersion(lab: AclLab, name: string, platform: string, n: number) {
  const kind = aclDeviceKind({ nodeName: name, platform });
  using acl = parse(version(n));
  const want = renderAcl(acl, "EDGE-IN", kind);
  if (kind.load === "netconf") {
    const filter = await junosFilter(lab, name, "EDGE-IN");
    return filter !== null && compareAclTexts(want.definition, filter, "junos").equal;
  }
  const shown = await deviceSays(lab, name, want.readback);
  const text = shown.split("\n").filter((l) => /^(ip access-list|\s+\S)/.test(l)).join("\n") + "\n";
  return compareAclTexts(want.definition, text, "ios").equal;
}

Deno.test("load-acl --queue after 20 SIGKILLs at random moments repairs every device", async () => {
  await using lab = await aclLab(
    DEVICES.map((d) => ({
      ...d,
      faults: { slowOutput: 10_000 },
      ...(d.platform === "juniper_junos" ? {} : { config: seed(d.platform) }),
    })),
    { "EDGE-IN": version(0) },
    Object.fromEntries(DEVICES.map((d) => [d.name, ["EDGE-IN"]])),
  );
  const args = ["--yes", "--host-key-policy", "off", "--force-bulk", "--confirm-minutes", "1"];
  let repaired = 0;
  const moments: number[] = [];
  for (let n = 1; n <= 20; n++) {
    await Deno.writeTextFile(`${lab.dir}/acls/acl.EDGE-IN`, version(n));
    const queue = SqliteAclStore.open(`${lab.dir}/acls.db`);
    await queue.enqueue(
      DEVICES.map((d) => ({ acl: "EDGE-IN", device: d.name, escalation: false, user: "ops" })),
    );
    await queue.close();
    const before = (await logRecords(lab.log)).length;
    const killed = TriggerChild.spawn(lab.env, ["load-acl", "--queue", ...args]);
    // a random moment once the run has started working on devices
    await killed.until(
      "the run started",
      async () => (await logRecords(lab.log)).slice(before).some((r) => r.event === "step"),
    );
    const wait = Math.floor(Math.random() * 1200);
    moments.push(wait);
    await new Promise((r) => setTimeout(r, wait));
    killed.kill("SIGKILL");
    const k = await killed.done();
    strictEqual(k.signal, "SIGKILL", `run ${n}: it had already finished (${k.code})`);
    const repair = await trigger(lab.env, ["load-acl", "--queue", "--json", ...args]);

    const results = JSON.parse(repair.out || "[]") as {
      device: string;
      status: string;
      left?: string;
      repaired?: { run: string };
    }[];
    repaired += results.filter((r) => r.repaired).length;
    strictEqual(repair.code, 0, `run ${n} (killed after ${wait} ms): ${repair.err}\n${repair.out}`);
    for (const r of results) {
      strictEqual(r.status, "done", `run ${n}: ${JSON.stringify(r)}`);
      if (r.repaired) ok(r.left === "new", JSON.stringify(r));
    }
    for (const d of DEVICES) {
      ok(await holdsVersion(lab, d.name, d.platform, n), `run ${n}: ${d.name} does not hold v${n}`);
    }
    const store = SqliteAclStore.open(`${lab.dir}/acls.db`);
    try {
      strictEqual((await store.entries({ state: "pending" })).length, 0, `run ${n}: queue`);
    } finally {
      await store.close();
    }
  }
  // the kills did land in the middle of loads, which were repaired
  ok(repaired > 0, `no run was killed mid-load (moments: ${moments.join(", ")})`);
});
