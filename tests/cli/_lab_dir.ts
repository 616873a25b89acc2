/**
 * Test helper: a lab written to a temp dir the way an engineer would point
 * the CLI at it (netdevices.json, an encrypted credential store with its key
 * file, known_hosts, settings.json), and a runner for `trigger` subprocesses
 * with that environment.
 *
 * @module
 */
import { type Lab, labInventory, startLab, type StartLabOptions } from "../../lib/lab/mod.ts";
import { CredentialStore } from "../../lib/credentials/mod.ts";

/** A lab and the files describing it. */
export interface LabDir extends AsyncDisposable {
  lab: Lab;
  dir: string;
  /** Environment for `trigger` subprocesses. */
  env: Record<string, string>;
  knownHosts: string;
}

/** Starts a lab and writes its files; dispose to stop it and remove the dir. */
export async function labDir(options: StartLabOptions = {}): Promise<LabDir> {
  const lab = await startLab(options);
  const dir = await Deno.makeTempDir({ prefix: "trigger-fleet-" });
  try {
    const records = labInventory(lab);
    await Deno.writeTextFile(`${dir}/netdevices.json`, JSON.stringify(records, null, 1));
    await Deno.writeTextFile(`${dir}/known_hosts`, lab.knownHosts());
    await Deno.writeTextFile(
      `${dir}/settings.json`,
      JSON.stringify({ netdevicesSource: "netdevices.json", defaultRealm: "lab" }),
    );
    const store = await CredentialStore.open({
      path: `${dir}/credentials`,
      keyFile: `${dir}/credentials.key`,
    });
    const c = lab.credentials;
    await store.set("lab", {
      username: c.username,
      password: c.password,
      enablePassword: c.enablePassword,
    });
  } catch (e) {
    await lab.stop();
    throw e;
  }
  const env = {
    TRIGGER_SETTINGS: `${dir}/settings.json`,
    NETDEVICES_SOURCE: `${dir}/netdevices.json`,
    TACACSRC: `${dir}/credentials`,
    TACACSRC_KEYFILE: `${dir}/credentials.key`,
    TRIGGER_KNOWN_HOSTS: `${dir}/known_hosts`,
    GORC_FILE: `${dir}/gorc`,
    NO_COLOR: "1",
  };
  const stop = async () => {
    await lab.stop();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  return { lab, dir, env, knownHosts: `${dir}/known_hosts`, [Symbol.asyncDispose]: stop };
}

/** The outcome of a `trigger` subprocess. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
}

const MAIN = new URL("../../cli/main.ts", import.meta.url).pathname;

/** Runs `trigger ARGS` with the lab's environment (stdin closed unless given). */
export async function trigger(env: Record<string, string>, args: string[], stdin?: string) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    env,
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(stdin));
    await w.close();
  }
  const r = await child.output();
  const dec = new TextDecoder();
  return { code: r.code, out: dec.decode(r.stdout), err: dec.decode(r.stderr) } as CliRun;
}
