/**
 * Inventory benchmarks: load 100,000 devices from JSON, CSV and a RANCID
 * tree, then answer queries. Files are generated in a temporary directory.
 *
 * Run: deno bench -A bench/inventory_bench.ts
 *
 * @module
 */
import { builtinSettings } from "../lib/settings/mod.ts";
import { NetDevices } from "../lib/netdevices/mod.ts";

const N = 100_000;
const VENDORS = [
  "JUNIPER",
  "CISCO SYSTEMS",
  "ARISTA NETWORKS",
  "PALO ALTO NETWORKS",
  "F5 NETWORKS",
];
const RANCID_TYPES = ["juniper", "cisco", "cisco-nx", "arista", "paloalto", "bigip"];
const SITES = Array.from({ length: 50 }, (_, i) => `SITE${i}`);
const settings = builtinSettings();

const dir = Deno.makeTempDirSync({ prefix: "trigger-bench-" });
const name = (i: number) => `dev${i}.${SITES[i % SITES.length]!.toLowerCase()}.example.net`;
const records = Array.from({ length: N }, (_, i) => ({
  nodeName: name(i),
  manufacturer: VENDORS[i % VENDORS.length],
  site: SITES[i % SITES.length],
  adminStatus: i % 10 === 0 ? "NON-PRODUCTION" : "PRODUCTION",
  owningTeam: `team${i % 20}`,
  serialNumber: `SN${i}`,
}));
Deno.writeTextFileSync(`${dir}/netdevices.json`, JSON.stringify(records));
Deno.writeTextFileSync(
  `${dir}/netdevices.csv`,
  records.map((r, i) => `${r.nodeName},${r.manufacturer},${i % 10 === 0 ? "down" : "up"}`).join(
    "\n",
  ),
);
for (let g = 0; g < 10; g++) {
  Deno.mkdirSync(`${dir}/rancid/group${g}`, { recursive: true });
  const lines: string[] = [];
  for (let i = g; i < N; i += 10) {
    lines.push(
      `${name(i)};${RANCID_TYPES[i % RANCID_TYPES.length]};${i % 7 === 0 ? "down" : "up"};`,
    );
  }
  Deno.writeTextFileSync(`${dir}/rancid/group${g}/router.db`, lines.join("\n"));
}

const loaded = await NetDevices.load({ source: `${dir}/netdevices.json`, settings });
// Warm the indexes once so query benches measure queries.
loaded.match({ site: "SITE7", vendor: "cisco" });
loaded.find("dev77");

globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));

Deno.bench("load 100k devices from JSON", { group: "load" }, async () => {
  await NetDevices.load({ source: `${dir}/netdevices.json`, settings });
});
Deno.bench("load 100k devices from CSV", { group: "load" }, async () => {
  await NetDevices.load({ source: `${dir}/netdevices.csv`, settings });
});
Deno.bench("load 100k devices from a RANCID tree (10 groups)", { group: "load" }, async () => {
  await NetDevices.load({ source: `${dir}/rancid`, settings });
});
Deno.bench("match site+vendor (indexed fields)", { group: "query" }, () => {
  loaded.match({ site: "SITE7", vendor: ["cisco", "juniper"] }, { exact: true });
});
Deno.bench("match substring on a 90k-value field (serialNumber)", { group: "query" }, () => {
  loaded.match({ serialNumber: "SN9999" });
});
Deno.bench("find by short name", { group: "query" }, () => {
  loaded.find("dev77");
});
Deno.bench("candidates for a picker", { group: "query" }, () => {
  loaded.candidates("dev12", { limit: 10 });
});
Deno.bench("first match on a fresh inventory (builds the index)", { group: "query" }, () => {
  new NetDevices(loaded.all(), { settings }).match({ site: "SITE7" });
});
