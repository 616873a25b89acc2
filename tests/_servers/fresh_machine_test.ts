/**
 * The server helpers prepare what their servers need themselves, so that a
 * test passes on a fresh machine (no `/run/sshd`, an empty `HOME`) whatever
 * ran before it, and leave nothing behind in the working directory.
 *
 * Each case runs a small script in a child process: under `unshare -m` with a
 * tmpfs mounted on `/run` (as in a new container), with `HOME` and the working
 * directory set to empty temp dirs.
 *
 * @module
 */
import { deepStrictEqual, match, strictEqual } from "node:assert/strict";

const SERVERS = new URL("./", import.meta.url).pathname;
const NETCONF_CLIENT = new URL("../../lib/netconf/client.ts", import.meta.url).pathname;
const CONFIG = new URL("../../deno.json", import.meta.url).pathname;

interface Fresh {
  code: number;
  out: string;
  err: string;
  home: string[];
  cwd: string[];
}

function canUnshare(): boolean {
  if (Deno.uid() !== 0) return false;
  return new Deno.Command("unshare", { args: ["-m", "true"], stdout: "null", stderr: "null" })
    .outputSync().success;
}

/** Runs `script` (TypeScript) like a fresh machine would: new /run, empty HOME and cwd. */
async function onFreshMachine(script: string): Promise<Fresh> {
  const home = await Deno.makeTempDir({ prefix: "trigger-fresh-home-" });
  const cwd = await Deno.makeTempDir({ prefix: "trigger-fresh-cwd-" });
  const file = await Deno.makeTempFile({ prefix: "trigger-fresh-", suffix: ".ts" });
  try {
    await Deno.writeTextFile(file, script);
    const denoDir = Deno.env.get("DENO_DIR") ?? `${Deno.env.get("HOME")}/.cache/deno`;
    const out = await new Deno.Command("unshare", {
      args: [
        "-m",
        "sh",
        "-c",
        'mount --make-rprivate / && mount -t tmpfs tmpfs /run && exec "$0" run -A --config "$1" "$2"',
        Deno.execPath(),
        CONFIG,
        file,
      ],
      cwd,
      clearEnv: true,
      env: { HOME: home, PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin", DENO_DIR: denoDir },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const dec = new TextDecoder();
    return {
      code: out.code,
      out: dec.decode(out.stdout),
      err: dec.decode(out.stderr),
      home: [...Deno.readDirSync(home)].map((e) => e.name),
      cwd: [...Deno.readDirSync(cwd)].map((e) => e.name),
    };
  } finally {
    await Deno.remove(home, { recursive: true });
    await Deno.remove(cwd, { recursive: true });
    await Deno.remove(file);
  }
}

Deno.test({
  name: "startSshd() on a fresh machine: creates /run/sshd, and OpenSSH's ssh logs in",
  ignore: !canUnshare(),
  fn: async () => {
    const r = await onFreshMachine(`
      import { startSshd, TEST_PASSWORD, TEST_USER } from "${SERVERS}sshd.ts";
      const before = await Deno.stat("/run/sshd").then(() => "present", () => "absent");
      await using srv = await startSshd();
      const ssh = await new Deno.Command("sshpass", {
        args: ["-p", TEST_PASSWORD, "ssh", "-p", String(srv.port),
          "-o", "UserKnownHostsFile=" + srv.knownHostsPath, "-o", "StrictHostKeyChecking=yes",
          "-o", "PreferredAuthentications=password", "-o", "PubkeyAuthentication=no",
          TEST_USER + "@127.0.0.1", "echo logged-in-as-$(id -un)"],
        stdin: "null",
      }).output();
      console.log("before:", before);
      console.log(new TextDecoder().decode(ssh.stdout).trim(), ssh.code);
    `);
    strictEqual(r.code, 0, r.err);
    match(r.out, /before: absent/, "the fresh /run has no /run/sshd");
    match(r.out, /logged-in-as-trigger-ssh-test 0/, r.err);
    deepStrictEqual(r.cwd, []);
  },
});

Deno.test({
  name: "startNetconfd() on a fresh machine: a confirmed commit leaves no file in cwd or HOME",
  ignore: !canUnshare(),
  fn: async () => {
    const r = await onFreshMachine(`
      import { startNetconfd } from "${SERVERS}netconfd.ts";
      import { connectNetconf } from "${NETCONF_CLIENT}";
      const srv = await startNetconfd();
      if (!srv) throw new Error("needs root");
      await using _srv = srv;
      const nc = await connectNetconf({ host: "nc1", address: "127.0.0.1", port: srv.port }, {
        username: srv.username, password: srv.password, knownHostsPath: srv.knownHostsPath,
        hostKeyPolicy: "strict", timeoutMs: 15000,
      });
      try {
        const config = '<system xmlns="urn:ietf:params:xml:ns:yang:ietf-system">' +
          "<hostname>fresh-machine</hostname></system>";
        await nc.editConfig(config, { target: "candidate" });
        await nc.commit({ confirmed: true, confirmTimeout: 60 });
        await nc.commit();
        console.log("committed");
      } finally {
        await nc.close();
      }
    `);
    strictEqual(r.code, 0, r.err);
    match(r.out, /committed/);
    deepStrictEqual(r.cwd, [], "nothing written to the working directory (backup-cfg.xml)");
    deepStrictEqual(r.home.filter((n) => n !== ".cache"), [], "nothing written to HOME");
  },
});
