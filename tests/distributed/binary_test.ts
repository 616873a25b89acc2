/**
 * The single binary (bun) runs the distributed pieces: `run-cmds --workers 2`
 * (shard threads start from the binary's second entry point, with the Deno
 * shim) and `trigger worker` + `run-cmds --via`. Skipped unless
 * `TRIGGER_BINARY` names a built binary (CI builds one).
 */
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { labDir } from "../cli/_lab_dir.ts";
import { startRedis } from "../_servers/redis.ts";

const BIN = Deno.env.get("TRIGGER_BINARY");

async function run(env: Record<string, string>, args: string[]) {
  const o = await new Deno.Command(BIN!, {
    args,
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  return {
    code: o.code,
    out: new TextDecoder().decode(o.stdout),
    err: new TextDecoder().decode(o.stderr),
  };
}

Deno.test({
  name: `binary: run-cmds --workers 2 and a worker with run-cmds --via${
    BIN ? "" : " (skipped: set TRIGGER_BINARY)"
  }`,
  ignore: BIN === undefined,
  fn: async () => {
    await using redis = await startRedis();
    await using l = await labDir({ devices: 4, vendors: ["cisco_ios", "juniper_junos"] });
    const names = l.lab.devices.map((d) => d.name).sort();
    const threads = await run(l.env, [
      "run-cmds",
      "--workers",
      "2",
      "-c",
      "show version",
      "--json",
      ...names,
    ]);
    strictEqual(threads.code, 0, threads.err);
    deepStrictEqual(Object.keys(JSON.parse(threads.out).results).sort(), names);
    const worker = new Deno.Command(BIN!, {
      args: ["worker", "--via", redis.url],
      env: l.env,
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    try {
      const remote = await run(l.env, [
        "run-cmds",
        "--via",
        redis.url,
        "-c",
        "show version",
        "--json",
        ...names,
      ]);
      strictEqual(remote.code, 0, remote.err);
      deepStrictEqual(Object.keys(JSON.parse(remote.out).results).sort(), names);
    } finally {
      worker.kill("SIGTERM");
      await worker.status;
    }
  },
});
