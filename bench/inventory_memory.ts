// deno-lint-ignore-file no-console
/**
 * Whole-process cost of loading a large CSV inventory, as a user feels it:
 * `trigger netdev -l LAST --source FILE` under `/usr/bin/time -v` (wall time,
 * CPU time, peak RSS). The CSV is generated in a temp dir: a header
 * (`nodeName,manufacturer,deviceType,site,address`), then N devices over 5
 * vendors, 100 sites, unique names and addresses.
 *
 * ```sh
 * deno run -A bench/inventory_memory.ts [N=1000000] [RUNS=3]
 * ```
 *
 * @module
 */
const n = Number(Deno.args[0] ?? 1_000_000);
const runs = Number(Deno.args[1] ?? 3);
const MAIN = new URL("../cli/main.ts", import.meta.url).pathname;
const VENDORS = ["CISCO SYSTEMS", "JUNIPER", "ARISTA NETWORKS", "BROCADE", "DELL"];
const TYPES = ["ROUTER", "SWITCH", "FIREWALL"];

const dir = await Deno.makeTempDir({ prefix: "trigger-inv-mem-" });
try {
  const path = `${dir}/devices.csv`;
  const file = await Deno.open(path, { write: true, create: true });
  const enc = new TextEncoder();
  let chunk = "nodeName,manufacturer,deviceType,site,address\n";
  for (let i = 0; i < n; i++) {
    const name = `dev${String(i).padStart(7, "0")}.example.net`;
    chunk += `${name},${VENDORS[i % 5]},${TYPES[i % 3]},SITE${i % 100},10.${(i >> 16) & 255}.` +
      `${(i >> 8) & 255}.${i & 255}\n`;
    if (chunk.length > 1 << 20) {
      await file.write(enc.encode(chunk));
      chunk = "";
    }
  }
  await file.write(enc.encode(chunk));
  file.close();
  const last = `dev${String(n - 1).padStart(7, "0")}.example.net`;
  const home = await Deno.makeTempDir({ dir });
  const cache = Deno.env.get("DENO_DIR") ??
    `${Deno.env.get("XDG_CACHE_HOME") ?? `${Deno.env.get("HOME")}/.cache`}/deno`;
  console.log(`${n} devices, ${(Deno.statSync(path).size / 1e6).toFixed(1)} MB CSV`);
  console.log("run  wall     cpu      peak RSS");
  for (let r = 1; r <= runs; r++) {
    const out = await new Deno.Command("/usr/bin/time", {
      args: ["-v", Deno.execPath(), "run", "-A", MAIN, "netdev", "-l", last, "--source", path],
      env: { HOME: home, DENO_DIR: cache },
      stdout: "null",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stderr);
    const num = (re: RegExp) => Number(re.exec(text)?.[1] ?? NaN);
    const user = num(/User time \(seconds\): ([\d.]+)/);
    const sys = num(/System time \(seconds\): ([\d.]+)/);
    const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/
      .exec(text);
    const secs = wall ? Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]) : NaN;
    const rss = num(/Maximum resident set size \(kbytes\): (\d+)/) / 1024;
    if (!out.success) console.log(text.slice(0, 2000));
    console.log(
      `${r}    ${secs.toFixed(2)} s  ${(user + sys).toFixed(2)} s   ${rss.toFixed(0)} MB`,
    );
  }
} finally {
  await Deno.remove(dir, { recursive: true });
}
