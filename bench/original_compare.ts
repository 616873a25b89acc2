// deno-lint-ignore-file no-console
/**
 * The original Trigger (PyPI `trigger` 2.3.3, Python 3.11) and this toolkit
 * on the same 100,000-device inventory (the generator of
 * `inventory_bench.ts`: 5 vendors, 50 sites, 10 % non-production), in one
 * run: load (production devices only), `match` by site and manufacturer,
 * `find` by full name, `search` of a name substring. Best of 3 for queries;
 * whole-process wall and peak RSS from `/usr/bin/time`.
 *
 * Run: deno run -A bench/original_compare.ts [--python .tmp/peers/bin/python]
 * (needs `pip install trigger==2.3.3` in that venv; see bench/README.md)
 *
 * @module
 */
import { parseArgs } from "node:util";
import { NetDevices } from "../lib/netdevices/mod.ts";
import { builtinSettings } from "../lib/settings/mod.ts";

const { values } = parseArgs({
  args: Deno.args,
  allowPositionals: true,
  options: {
    python: { type: "string", default: ".tmp/peers/bin/python" },
    ours: { type: "boolean", default: false },
  },
});
const ROOT = new URL("../", import.meta.url).pathname;

function best<T>(f: () => T, runs = 3): [number, T] {
  let ms = Infinity, r: T;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    r = f();
    ms = Math.min(ms, performance.now() - t0);
  }
  return [ms, r!];
}

if (values.ours) {
  // the child process measured for this toolkit (same shape as the Python script's output)
  const dir = Deno.args.at(-1)!;
  const t0 = performance.now();
  const nd = await NetDevices.load({
    source: `${dir}/netdevices.json`,
    settings: builtinSettings(),
  });
  const load = performance.now() - t0;
  const [match, matched] = best(() => nd.match({ site: "SITE7", manufacturer: "ARISTA" }));
  const [find, found] = best(() => nd.find("dev77.site27.example.net"));
  const [search, searched] = best(() => nd.search("dev7777"));
  console.log(JSON.stringify({
    devices: nd.all().length,
    load_ms: load,
    match_ms: match,
    matched: matched.length,
    find_ms: find,
    found: found.nodeName,
    search_ms: search,
    searched: searched.length,
  }));
  Deno.exit(0);
}

const N = 100_000;
const VENDORS = [
  "JUNIPER",
  "CISCO SYSTEMS",
  "ARISTA NETWORKS",
  "PALO ALTO NETWORKS",
  "F5 NETWORKS",
];
const SITES = Array.from({ length: 50 }, (_, i) => `SITE${i}`);
const name = (i: number) => `dev${i}.${SITES[i % SITES.length]!.toLowerCase()}.example.net`;
const dir = await Deno.makeTempDir({ prefix: "original-compare-" });
try {
  await Deno.writeTextFile(
    `${dir}/netdevices.json`,
    JSON.stringify(Array.from({ length: N }, (_, i) => ({
      nodeName: name(i),
      manufacturer: VENDORS[i % VENDORS.length],
      site: SITES[i % SITES.length],
      adminStatus: i % 10 === 0 ? "NON-PRODUCTION" : "PRODUCTION",
      owningTeam: `team${i % 20}`,
      serialNumber: `SN${i}`,
    }))),
  );
  const run = async (label: string, cmd: string[]) => {
    const o = await new Deno.Command("/usr/bin/time", {
      args: ["-f", "TIME %e %M", ...cmd],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const err = new TextDecoder().decode(o.stderr);
    const t = /TIME ([\d.]+) (\d+)\s*$/.exec(err);
    if (!o.success || !t) throw new Error(`${label} failed: ${err.slice(-800)}`);
    const j = JSON.parse(new TextDecoder().decode(o.stdout).trim().split("\n").at(-1)!);
    console.log(
      `| ${label} | ${j.devices} | ${(j.load_ms / 1000).toFixed(2)} s | ${
        j.match_ms.toFixed(2)
      } ms (${j.matched}) | ${(j.find_ms * 1000).toFixed(1)} µs | ${
        j.search_ms.toFixed(2)
      } ms (${j.searched}) | ${t[1]} s | ${(Number(t[2]) / 1024).toFixed(0)} MB |`,
    );
  };
  console.log(
    "| implementation | devices loaded | load | match site+manufacturer | find | search substring | whole process | peak RSS |",
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
  await run("original Trigger 2.3.3 (Python 3.11)", [
    values.python!,
    `${ROOT}bench/_original_netdevices.py`,
    dir,
  ]);
  await run("Trigger for Deno", [
    Deno.execPath(),
    "run",
    "-A",
    `${ROOT}bench/original_compare.ts`,
    "--ours",
    dir,
  ]);
} finally {
  await Deno.remove(dir, { recursive: true });
}
