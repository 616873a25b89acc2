/**
 * No window without a filter: while load-acl replaces a list on IOS (in
 * place by sequence number), EOS and NX-OS (configuration session) and IOS
 * XR (commit), a second session probes the device over and over and never
 * finds the list missing or empty; the load is verified at the end.
 * Brocade (no in-place edit, session or commit) is refused unless allowed.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { parse } from "../../lib/acl/acl.ts";
import { aclDeviceKind, renderAcl } from "../../lib/changemgmt/acl_platforms.ts";
import { loadAcls, planAclLoads } from "../../lib/changemgmt/load_acl.ts";
import { openSession } from "../../lib/session/session.ts";
import { byDevice, GREEN, world } from "./_world.ts";

const entries = (port: number, n: number) =>
  Array.from({ length: n }, (_, i) => ` permit tcp any host 192.0.2.${i + 1} eq ${port}`);
const V1 = `ip access-list extended edge-in\n${entries(22, 3).join("\n")}\n deny ip any any\n`;
// v2 keeps an old entry (deny ip any any) and adds many
const V2 = `ip access-list extended edge-in\n remark v2\n${entries(443, 30).join("\n")}\n` +
  ` permit tcp any host 192.0.2.1 eq 22\n deny ip any any\n`;

const PLATFORMS = ["cisco_ios", "arista_eos", "cisco_nxos", "cisco_iosxr"];

Deno.test("load-acl never leaves a list missing: probed from a second session during the load", async () => {
  await using w = await world(
    PLATFORMS.map((platform) => ({ platform, name: platform, faults: { slowOutput: 3000 } })),
    Object.fromEntries(PLATFORMS.map((p) => [p, ["edge-in"]])),
  );
  await Deno.writeTextFile(`${w.dir}/acl.edge-in`, V1);
  const plan = () =>
    planAclLoads({
      inventory: w.inventory,
      associations: w.associations,
      policy: GREEN,
      acls: ["edge-in"],
    });
  const first = byDevice(await loadAcls(await plan(), w.options));
  for (const p of PLATFORMS) strictEqual(first[p]?.status, "done", first[p]?.message);
  await Deno.writeTextFile(`${w.dir}/acl.edge-in`, V2);
  let loading = true;
  const probes = PLATFORMS.map(async (platform) => {
    using acl = parse(V2);
    const { readback, name } = renderAcl(
      acl,
      "edge-in",
      aclDeviceKind({ nodeName: platform, platform }),
    );
    const d = w.lab.device(platform);
    const { username, password, enablePassword } = w.lab.credentials;
    await using s = await openSession(
      { name: platform, address: d.address, port: d.ports.ssh, platform },
      { credentials: { username, password, enablePassword }, hostKeyPolicy: "off" },
    );
    const seen: string[] = [];
    while (loading) {
      const out = (await s.send(readback)).output;
      const lines = out.split("\n").filter((l) =>
        l.includes(name) || /^\s+\d*\s*(permit|deny)/.test(l)
      );
      ok(
        lines.some((l) => /access-list/.test(l)) && lines.some((l) => /(permit|deny)/.test(l)),
        `${platform}: "${readback}" found no ${name} during the load:\n${out}`,
      );
      seen.push(out);
    }
    return seen.length;
  });
  const results = byDevice(await loadAcls(await plan(), w.options));
  loading = false;
  const counts = await Promise.all(probes);
  for (const p of PLATFORMS) {
    strictEqual(results[p]?.status, "done", results[p]?.message);
    strictEqual(results[p]?.left, "new");
  }
  // each device was probed many times while it changed
  ok(counts.every((n) => n >= 5), `probes per device: ${counts.join(", ")}`);
});

Deno.test("planAclLoads: a platform whose load would leave a window is refused unless allowed", async () => {
  await using w = await world(
    [{ platform: "brocade_mlx", name: "mlx1" }, { platform: "cisco_ios", name: "r1" }],
    { mlx1: ["edge-in"], r1: ["edge-in"] },
  );
  const common = { inventory: w.inventory, associations: w.associations, policy: GREEN };
  const plan = await planAclLoads({ ...common, acls: ["edge-in"] });
  deepStrictEqual(plan.loads.map((l) => l.device.nodeName), ["r1"]);
  strictEqual(plan.skipped[0]?.reason, "platform");
  ok(
    plan.skipped[0]?.message.includes("use --allow-window to load anyway"),
    plan.skipped[0]?.message,
  );
  const allowed = await planAclLoads({ ...common, acls: ["edge-in"], allowWindow: true });
  deepStrictEqual(allowed.loads.map((l) => l.device.nodeName).sort(), ["mlx1", "r1"]);
});
