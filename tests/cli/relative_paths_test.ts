/**
 * Paths a user types are relative to the directory they are in: on the
 * command line, in `NETDEVICES_SOURCE`, and under `deno task` (which runs in
 * the checkout and says where the user was in `INIT_CWD`). A missing
 * inventory says "No such file" with the absolute path.
 */
import { match, ok, strictEqual } from "node:assert/strict";

const ROOT = new URL("../../", import.meta.url).pathname;
const MAIN = `${ROOT}cli/main.ts`;
const DENO_DIR = Deno.env.get("DENO_DIR") ??
  `${Deno.env.get("XDG_CACHE_HOME") ?? `${Deno.env.get("HOME")}/.cache`}/deno`;
const CSV = "nodeName,manufacturer,deviceType\nr1.example.net,CISCO SYSTEMS,ROUTER\n";

async function run(args: string[], cwd: string, env: Record<string, string>) {
  const r = await new Deno.Command(Deno.execPath(), {
    args,
    cwd,
    env: { DENO_DIR, NO_COLOR: "1", PATH: Deno.env.get("PATH") ?? "", ...env },
    clearEnv: true,
    stdin: "null",
  }).output();
  const dec = new TextDecoder();
  return { code: r.code, out: dec.decode(r.stdout), err: dec.decode(r.stderr) };
}

Deno.test("trigger: relative inventory paths are the user's; a missing one says No such file with its absolute path", async () => {
  const home = await Deno.realPath(await Deno.makeTempDir());
  try {
    const work = `${home}/work`;
    await Deno.mkdir(work);
    await Deno.writeTextFile(`${work}/devices.csv`, CSV);
    const env = { HOME: home };

    const missing = await run(["run", "-A", MAIN, "netdev", "--source", "nope.json"], work, env);
    strictEqual(missing.code, 2, missing.err);
    ok(missing.err.includes(`No such file: ${work}/nope.json`), missing.err);
    ok(!missing.err.includes("no loader recognises it"), missing.err);

    const fromEnv = await run(["run", "-A", MAIN, "netdev"], work, {
      ...env,
      NETDEVICES_SOURCE: "devices.csv",
    });
    strictEqual(fromEnv.code, 0, fromEnv.err);
    match(fromEnv.out, /^r1\.example\.net\t/);

    // deno task runs in the checkout; the path is still the user's
    const task = await run(
      ["task", "--config", `${ROOT}deno.json`, "trigger", "netdev", "--source", "devices.csv"],
      work,
      env,
    );
    strictEqual(task.code, 0, task.err);
    match(task.out, /^r1\.example\.net\t/m);
    const taskMissing = await run(
      ["task", "--config", `${ROOT}deno.json`, "trigger", "netdev", "--source", "gone.csv"],
      work,
      env,
    );
    strictEqual(taskMissing.code, 2, taskMissing.err);
    ok(taskMissing.err.includes(`No such file: ${work}/gone.csv`), taskMissing.err);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
