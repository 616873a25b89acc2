import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { DatabaseSync } from "node:sqlite";
import { builtinSettings } from "../../lib/settings/mod.ts";
import { isTriggerError } from "../../lib/errors.ts";
import { INVENTORY_LOADERS, loadSource, NetDevices } from "../../lib/netdevices/mod.ts";

const FIX = fileURLToPath(new URL("../_fixtures/inventory/", import.meta.url));
const ALL = Object.values(INVENTORY_LOADERS);
const settings = builtinSettings();
const load = (source: string, includeNonProduction = true) =>
  NetDevices.load({ source, settings, includeNonProduction });

Deno.test("JSON loader: the original's format", async () => {
  const got = await loadSource(`${FIX}netdevices.json`, ALL, { settings });
  strictEqual(got.loader, "json");
  const nd = await load(`${FIX}netdevices.json`, false);
  strictEqual(nd.size, 8);
  strictEqual(nd.excluded, 1);
  const core = nd.find("core1-nyc");
  strictEqual(core.platform, "juniper_junos");
  deepStrictEqual(core.console, { host: "ts1.nyc.example.com", port: 7012 });
  strictEqual(core.get("rackUnit"), "40");
  strictEqual(nd.find("fw2-lon").vendor, "paloalto");
  strictEqual(nd.find("fw2-lon").deviceType, "FIREWALL");
  strictEqual(nd.find("fw1-nyc").realm, "firewalls");
  strictEqual(nd.find("lab1").port, 2222);
  strictEqual(nd.find("lab1").address, "127.0.0.1");
});

Deno.test("XML loader: the original's sample, empty elements, attributes ignored when a child exists", async () => {
  const got = await loadSource(`${FIX}netdevices.xml`, ALL, { settings });
  strictEqual(got.loader, "xml");
  const nd = await load(`${FIX}netdevices.xml`);
  strictEqual(nd.size, 3);
  const t1 = nd.find("test1-abc.net.aol.com");
  strictEqual(t1.manufacturer, "JUNIPER");
  strictEqual(t1.get("onCallID"), "17");
  strictEqual(t1.get("loginPW"), undefined);
  strictEqual(t1.get("lifecycleStatus"), "INSTALLED");
  deepStrictEqual(t1.console, { host: "ts1.oob.aol.com", port: 5005 });
  strictEqual(nd.find("test2-abc").platform, "cisco_nxos");
  strictEqual(nd.find("test3-abc").platform, "brocade_vdx");
  strictEqual(nd.find("test3-abc").site, undefined);
  deepStrictEqual(nd.search("17", "onCallID").map(String), [
    "test1-abc.net.aol.com",
    "test2-abc.net.aol.com",
  ]);
});

Deno.test("CSV loader: headerless host,vendor[,status[,type]]", async () => {
  const got = await loadSource(`${FIX}headerless.csv`, ALL, { settings });
  strictEqual(got.loader, "csv");
  const nd = await load(`${FIX}headerless.csv`);
  deepStrictEqual(
    nd.all().map((d) => [d.shortName, d.vendor, d.deviceType, d.adminStatus]),
    [
      ["core1", "juniper", "ROUTER", "PRODUCTION"],
      ["sw1", "arista", "SWITCH", "PRODUCTION"],
      ["fw1", "netscreen", "FIREWALL", "PRODUCTION"],
      ["lb1", "citrix", "SWITCH", "PRODUCTION"],
      ["old1", "cisco", "ROUTER", "NON-PRODUCTION"],
    ],
  );
  strictEqual(nd.find("fw1").platform, "juniper_screenos");
});

Deno.test("CSV loader: headered, any columns, quoted values", async () => {
  const nd = await load(`${FIX}headered.csv`);
  strictEqual(nd.size, 4);
  const e1 = nd.find("edge1.lon");
  strictEqual(e1.platform, "cisco_iosxr", "explicit platform column wins");
  strictEqual(e1.get("rack"), "A01");
  strictEqual(nd.find("edge2").platform, "cisco_ios");
  strictEqual(nd.find("leaf1").owningTeam, "Data Center, West");
  strictEqual(nd.find("lb1").deviceType, "LOAD_BALANCER");
});

Deno.test("SQLite loader: table netdevices, ?table_name= reaches the loader", async () => {
  const dir = await Deno.makeTempDir({ prefix: "trigger-sqlite-" });
  try {
    const db = new DatabaseSync(`${dir}/netdevices.db`);
    db.exec(`CREATE TABLE netdevices (id INTEGER PRIMARY KEY, nodeName VARCHAR(128),
      manufacturer VARCHAR(128), deviceType VARCHAR(64), adminStatus VARCHAR(32), site VARCHAR(32),
      rackUnit INTEGER, notes BLOB)`);
    const ins = db.prepare(
      "INSERT INTO netdevices (nodeName, manufacturer, deviceType, adminStatus, site, rackUnit) VALUES (?, ?, ?, ?, ?, ?)",
    );
    ins.run("r1.example.net", "CISCO SYSTEMS", "ROUTER", "PRODUCTION", "NYC", 12);
    ins.run("r2.example.net", "JUNIPER", null, "NON-PRODUCTION", null, null);
    db.exec("CREATE TABLE lab (nodeName TEXT, manufacturer TEXT)");
    db.exec("INSERT INTO lab VALUES ('lab1:2201', 'ARISTA NETWORKS')");
    db.close();
    const got = await loadSource(`${dir}/netdevices.db`, ALL, { settings });
    strictEqual(got.loader, "sqlite");
    const nd = await load(`${dir}/netdevices.db`);
    strictEqual(nd.size, 2);
    strictEqual(nd.find("r1").get("rackUnit"), "12");
    strictEqual(nd.find("r1").get("id"), "1");
    strictEqual(nd.find("r2").site, undefined);
    const lab = await load(`${dir}/netdevices.db?table_name=lab`);
    deepStrictEqual(lab.all().map((d) => [d.key, d.platform]), [["lab1:2201", "arista_eos"]]);
    await rejects(
      load(`${dir}/netdevices.db?table_name=nope`),
      (e: unknown) =>
        isTriggerError(e, "INVENTORY_INVALID") && e.message.includes('no table "nope"'),
    );
    await rejects(
      load(`${dir}/netdevices.db?table_name=x;drop`),
      (e: unknown) =>
        isTriggerError(e, "INVENTORY_INVALID") && e.message.includes("not a plain identifier"),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("RANCID loader: multi-instance tree, rancid.conf groups, both delimiters", async () => {
  const got = await loadSource(`${FIX}rancid`, ALL, { settings });
  strictEqual(got.loader, "rancid");
  const nd = await load(`${FIX}rancid`);
  strictEqual(nd.size, 12, "CVS and configs directories are not read");
  ok(!nd.has("ignored1"));
  const row = (n: string) => {
    const d = nd.find(n);
    return [d.vendor, d.deviceType, d.platform, d.adminStatus, d.get("rancidGroup")];
  };
  deepStrictEqual(row("core1.paris"), ["cisco", "ROUTER", "cisco_ios", "PRODUCTION", "core"]);
  deepStrictEqual(row("core2.paris"), ["cisco", "ROUTER", "cisco_nxos", "NON-PRODUCTION", "core"]);
  deepStrictEqual(row("core3.paris"), ["cisco", "ROUTER", "cisco_iosxr", "NON-PRODUCTION", "core"]);
  deepStrictEqual(row("2001:db8::10"), ["arista", "SWITCH", "arista_eos", "PRODUCTION", "core"]);
  deepStrictEqual(row("fw1.paris"), [
    "netscreen",
    "FIREWALL",
    "juniper_screenos",
    "PRODUCTION",
    "core",
  ]);
  deepStrictEqual(row("lb1.paris"), ["f5", "LOAD_BALANCER", "f5_tmsh", "PRODUCTION", "core"]);
  deepStrictEqual(row("pa1.paris"), [
    "paloalto",
    "FIREWALL",
    "paloalto_panos",
    "PRODUCTION",
    "core",
  ]);
  deepStrictEqual(row("dial1.paris"), ["cisco", "ROUTER", "cisco_ios", "PRODUCTION", "legacy"]);
  deepStrictEqual(row("r2.paris"), [
    "juniper",
    "ROUTER",
    "juniper_junos",
    "NON-PRODUCTION",
    "legacy",
  ]);
  deepStrictEqual(row("sw9.paris"), [
    "foundry",
    "SWITCH",
    "foundry_fastiron",
    "PRODUCTION",
    "legacy",
  ]);
  deepStrictEqual(row("fw9.paris"), ["cisco", "FIREWALL", "cisco_asa", "PRODUCTION", "legacy"]);
  strictEqual(nd.find("core2.paris").get("comment"), "in testing until 5/5/2001.");
  strictEqual(nd.find("core3.paris").get("comment"), "Ticket 6054234, 5/3/2001");
  strictEqual(nd.find("core2.paris").get("rancidType"), "cisco-nx");
});

Deno.test("RANCID loader: groups without rancid.conf, single instance, router.db file", async () => {
  const dir = await Deno.makeTempDir({ prefix: "trigger-rancid-" });
  try {
    for (const g of ["b-group", "a-group", "CVS"]) {
      await Deno.mkdir(`${dir}/${g}/configs`, { recursive: true });
      await Deno.writeTextFile(`${dir}/${g}/router.db`, `${g}-r1.example.net;juniper;up\n`);
    }
    const nd = await load(dir);
    deepStrictEqual(nd.all().map((d) => d.shortName), ["a-group-r1", "b-group-r1"]);
    const single = await load(`${FIX}rancid_single`);
    deepStrictEqual(single.all().map((d) => [d.nodeName, d.vendor]), [
      ["scooby.shrubbery.net", "cisco"],
      ["r1.shrubbery.net", "juniper"],
    ]);
    const file = await load(`${FIX}rancid_single/router.db`);
    strictEqual(file.size, 2);
    const recursed = await load(`${FIX}rancid_single?recurse_subdirs=1`).catch((e) => e);
    ok(isTriggerError(recursed, "INVENTORY_INVALID"), "recurse_subdirs forces group lookup");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("Several sources are merged; a missing one is an error", async () => {
  const nd = await NetDevices.load({
    source: [`${FIX}headerless.csv`, `${FIX}rancid_single`],
    settings,
  });
  strictEqual(nd.size, 6);
  await rejects(
    NetDevices.load({ source: `${FIX}nope.json`, settings }),
    (e: unknown) =>
      isTriggerError(e, "IO_ERROR") && e.message.endsWith(`No such file: ${FIX}nope.json`),
  );
});
