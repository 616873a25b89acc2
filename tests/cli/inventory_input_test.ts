/**
 * Inventory data is untrusted input: names given twice, misspelt columns and
 * vendors are errors a user sees (or, when the user allows it, handled
 * without ever filing one device's output under another's name).
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { labDir, trigger } from "./_lab_dir.ts";

/** The subprocesses get another HOME: keep Deno's module cache. */
const DENO_DIR = Deno.env.get("DENO_DIR") ??
  `${Deno.env.get("XDG_CACHE_HOME") ?? `${Deno.env.get("HOME")}/.cache`}/deno`;

Deno.test("three records named ios-cisco-001: an inventory error, or with NETDEVICES_ALLOW_DUPLICATE_NAMES each device under its own key", async () => {
  await using l = await labDir({ devices: 3, vendors: ["cisco_ios", "aruba_aos", "arista_eos"] });
  const records = JSON.parse(await Deno.readTextFile(`${l.dir}/netdevices.json`));
  const ports = records.map((r: { nodePort: string }) => r.nodePort);
  for (const r of records) r.nodeName = "ios-cisco-001";
  await Deno.writeTextFile(`${l.dir}/netdevices.json`, JSON.stringify(records));

  const refused = await trigger(l.env, ["run-cmds", "-c", "show version", "ios-cisco-001"]);
  strictEqual(refused.code, 2, refused.err);
  match(refused.err, /device names must be unique; given more than once: "ios-cisco-001" 3 times/);
  match(refused.err, /record 1: address 127\.0\.0\.1 port \d+; .*record 2: .*record 3/);
  match(refused.err, /INVENTORY_INVALID/);

  const env = { ...l.env, NETDEVICES_ALLOW_DUPLICATE_NAMES: "1" };
  // a bare name is ambiguous: never a silent pick
  const ambiguous = await trigger(env, [
    "run-cmds",
    "-c",
    "show version",
    "--json",
    "ios-cisco-001",
  ]);
  strictEqual(ambiguous.code, 1, ambiguous.err);
  const a = JSON.parse(ambiguous.out);
  strictEqual(a.errors["ios-cisco-001"].code, "DEVICE_NOT_FOUND");
  match(a.errors["ios-cisco-001"].message, /ios-cisco-001@127\.0\.0\.1:/);

  const all = await trigger(env, [
    "run-cmds",
    "-c",
    "show version",
    "--json",
    "--match",
    "nodeName=ios-cisco-001",
  ]);
  strictEqual(all.code, 0, all.err);
  const j = JSON.parse(all.out);
  const keys = ports.map((p: string) => `ios-cisco-001@127.0.0.1:${p}`);
  deepStrictEqual(Object.keys(j.results).sort(), [...keys].sort());
  // each output is its own device's: Cisco, Aruba and Arista answer differently
  const version = (key: string) => j.results[key][0].output as string;
  match(version(keys[0]), /Cisco IOS Software/);
  ok(!/Cisco IOS Software/.test(version(keys[1])));
  match(version(keys[2]), /Arista/);
});

Deno.test("a headered CSV with a misspelt column or vendor: an error with a did-you-mean, or warnings naming the rows", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const csv = `${dir}/devices.csv`;
    await Deno.writeTextFile(
      csv,
      "nodeName,vendr,deviceType,rack\n" +
        "r1.example.net,cisco,ROUTER,A1\n" +
        "r2.example.net,juniper,ROUTER,A2\n",
    );
    const env = { HOME: dir, DENO_DIR, NO_COLOR: "1" };
    const bad = await trigger(env, ["netdev", "--source", csv]);
    strictEqual(bad.code, 2, bad.err);
    match(bad.err, /column "vendr" is not a field this toolkit reads \(did you mean "vendor"\?\)/);
    ok(bad.err.includes(`"${csv}" line 2, "${csv}" line 3`), bad.err);
    strictEqual(bad.out, "");

    await Deno.writeTextFile(
      csv,
      "nodeName,vendor,deviceType,rack\n" +
        "r1.example.net,cisco,ROUTER,A1\n" +
        "r2.example.net,juniperr,ROUTER,A2\n",
    );
    const vendor = await trigger(env, ["netdev", "--source", csv]);
    strictEqual(vendor.code, 2, vendor.err);
    match(vendor.err, /vendor "juniperr" is unknown \(did you mean "juniper"\?\)/);
    ok(vendor.err.includes(`"${csv}" line 3`), vendor.err);

    const lenient = await trigger({ ...env, NETDEVICES_LENIENT: "1" }, ["netdev", "--source", csv]);
    strictEqual(lenient.code, 0, lenient.err);
    match(lenient.err, /warning: vendor "juniperr" is unknown .* line 3/);
    match(lenient.out, /r2\.example\.net/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
