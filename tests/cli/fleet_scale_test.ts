/**
 * Fleet verbs over 130,000 selected devices (a stack overflow above ~125,000
 * once): every device ends in the results or errors, nothing recurses or
 * spreads one argument per device. No device is reached: the store has no
 * credentials, so each one fails at once with CREDENTIALS_MISSING.
 */
import { ok, strictEqual } from "node:assert/strict";

const MAIN = new URL("../../cli/main.ts", import.meta.url).pathname;
const DENO_DIR = Deno.env.get("DENO_DIR") ??
  `${Deno.env.get("XDG_CACHE_HOME") ?? `${Deno.env.get("HOME")}/.cache`}/deno`;
const N = 130_000;

async function withFleet(fn: (env: Record<string, string>, dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "trigger-scale-" });
  try {
    const records = Array.from({ length: N }, (_, i) => ({
      nodeName: `d${String(i).padStart(6, "0")}`,
      manufacturer: "CISCO SYSTEMS",
      platform: "cisco_ios",
      address: "127.0.0.1",
      nodePort: "9",
    }));
    await Deno.writeTextFile(`${dir}/nd.json`, JSON.stringify(records));
    await fn({
      HOME: dir,
      DENO_DIR,
      NETDEVICES_SOURCE: `${dir}/nd.json`,
      TRIGGER_KNOWN_HOSTS: `${dir}/known_hosts`,
      NO_COLOR: "1",
    }, dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function trigger(env: Record<string, string>, args: string[]) {
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    env,
    clearEnv: true,
    stdin: "null",
  }).output();
  const dec = new TextDecoder();
  return { code: r.code, out: dec.decode(r.stdout), err: dec.decode(r.stderr) };
}

Deno.test("run-cmds --match over 130,000 devices: one error per device, no stack overflow", async () => {
  await withFleet(async (env) => {
    const r = await trigger(env, [
      "run-cmds",
      "-c",
      "show clock",
      "--match",
      "vendor=cisco",
      "--json",
      "--max-conns",
      "200",
    ]);
    ok(!r.err.includes("Maximum call stack"), r.err.slice(0, 500));
    strictEqual(r.code, 1, r.err.slice(-500));
    const j = JSON.parse(r.out) as { results: object; errors: Record<string, { code: string }> };
    const codes = Object.values(j.errors).map((e) => e.code);
    strictEqual(codes.length, N);
    ok(codes.every((c) => c === "CREDENTIALS_MISSING"));
    ok(r.err.includes(`${N} device(s): 0 ok, ${N} failed`));
  });
});

Deno.test("load-config dry run over 130,000 devices lists every device", async () => {
  await withFleet(async (env, dir) => {
    await Deno.writeTextFile(`${dir}/change.txt`, "interface Loopback0\n description scale\n");
    const r = await trigger(env, ["load-config", `${dir}/change.txt`, "--match", "vendor=cisco"]);
    ok(!r.err.includes("Maximum call stack"), r.err.slice(0, 500));
    strictEqual(r.code, 0, r.err.slice(-500));
    ok(r.out.includes("### d129999 (cisco_ios): 2 line(s)"));
  });
});
