import { deepStrictEqual, match, strictEqual } from "node:assert/strict";
import { labDir, trigger } from "./_lab_dir.ts";

Deno.test("trigger gnng --json: interfaces, subnets and ACLs of IOS, Junos and EOS lab devices", async () => {
  await using l = await labDir({
    devices: 3,
    vendors: ["cisco_ios", "juniper_junos", "arista_eos"],
  });
  const r = await trigger(l.env, [
    "gnng",
    "--json",
    "ios-cisco-001",
    "junos-juniper-001",
    "eos-arista-001",
  ]);
  strictEqual(r.code, 0, r.err);
  const rows = JSON.parse(r.out) as Record<string, unknown>[];
  const pick = (device: string) =>
    rows.filter((x) => x.device === device).map((x) => [x.name, x.subnets, x.aclIn, x.aclOut]);
  deepStrictEqual(pick("ios-cisco-001"), [
    ["GigabitEthernet0/0", ["10.1.0.0/30"], [], []],
    ["GigabitEthernet0/1", ["10.1.1.0/24"], ["101"], []],
  ]);
  deepStrictEqual(pick("junos-juniper-001"), [
    ["et-0/0/0.0", ["10.2.0.0/30"], [], []],
    ["xe-0/1/0.0", ["10.2.1.0/24"], ["protect-re"], []],
    ["lo0.0", ["192.0.2.2/32"], [], []],
  ]);
  strictEqual(pick("eos-arista-001").length > 0, true);
  strictEqual(rows.find((x) => x.name === "GigabitEthernet0/0")!.description, "uplink to core");
});

Deno.test("trigger gnng prints a table per device, -u adds unnumbered interfaces, failures exit 1", async () => {
  await using l = await labDir({ devices: 2, vendors: ["cisco_ios"], faults: "wrongPassword" });
  const r = await trigger(l.env, ["gnng", "-u", "ios-cisco-001", "ios-cisco-002"]);
  strictEqual(r.code, 1);
  match(
    r.out,
    /^DEVICE: ios-cisco-001\nInterface\s+Addresses\s+Subnets\s+ACLs IN\s+ACLs OUT\s+Description\n/,
  );
  match(r.out, /GigabitEthernet0\/1\s+10\.1\.1\.1\s+10\.1\.1\.0\/24\s+101\s+users/);
  match(r.out, /GigabitEthernet0\/2\n/);
  match(r.err, /ios-cisco-002: FAILED AUTH_FAILED: Authentication failed on "ios-cisco-002"/);
  const csv = await trigger(l.env, ["gnng", "--csv", "ios-cisco-001"]);
  strictEqual(csv.code, 0, csv.err);
  deepStrictEqual(csv.out.trim().split("\n"), [
    "ios-cisco-001,GigabitEthernet0/0,10.1.0.1,10.1.0.0/30,,,uplink to core",
    "ios-cisco-001,GigabitEthernet0/1,10.1.1.1,10.1.1.0/24,101,,users",
  ]);
});
