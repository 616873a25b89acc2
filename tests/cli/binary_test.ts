/**
 * The single binary (`deno task build:binary` → `dist/trigger`), copied to a
 * temporary folder and run from there: each verb gives the same output and
 * exit code as `deno run cli/main.ts`, and the binary's own lab serves its own
 * `run-cmds`. Skipped unless `TRIGGER_BINARY` names a built binary (CI
 * builds it and sets it).
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { join } from "node:path";
import denoJson from "../../deno.json" with { type: "json" };

const BUILT = Deno.env.get("TRIGGER_BINARY");
const SKIP = BUILT === undefined || BUILT === "";
const NAME = SKIP ? " (skipped: set TRIGGER_BINARY=dist/trigger after deno task build:binary)" : "";
const MAIN = new URL("../../cli/main.ts", import.meta.url).pathname;

interface Run {
  code: number;
  out: string;
  err: string;
}

async function run(
  cmd: string,
  args: string[],
  o: { cwd: string; env?: Record<string, string>; stdin?: string },
): Promise<Run> {
  const child = new Deno.Command(cmd, {
    args,
    cwd: o.cwd,
    env: { NO_COLOR: "1", ...o.env },
    stdin: o.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (o.stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(o.stdin));
    await w.close();
  }
  const r = await child.output();
  const dec = new TextDecoder();
  return { code: r.code, out: dec.decode(r.stdout), err: dec.decode(r.stderr) };
}

/** A temp folder holding a copy of the binary; removed on dispose. */
async function binaryCopy(): Promise<{ dir: string; bin: string } & AsyncDisposable> {
  const dir = await Deno.makeTempDir({ prefix: "trigger-bin-" });
  const bin = join(dir, "trigger");
  await Deno.copyFile(BUILT!, bin);
  await Deno.chmod(bin, 0o755);
  return {
    dir,
    bin,
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}

/** Runs the same command with the binary and with `deno run`; both must agree. */
async function same(
  bin: string,
  args: string[],
  o: { cwd: string; env?: Record<string, string> },
): Promise<Run> {
  const [b, d] = await Promise.all([
    run(bin, args, o),
    run(Deno.execPath(), ["run", "-A", MAIN, ...args], o),
  ]);
  deepStrictEqual(
    { code: b.code, out: b.out, err: b.err },
    { code: d.code, out: d.out, err: d.err },
    `trigger ${args.join(" ")}`,
  );
  return b;
}

const IOS_ACL = [
  "ip access-list extended EDGE-IN",
  " remark ssh to the bastion",
  " permit tcp 10.0.0.0 0.0.0.255 host 192.0.2.10 eq 22",
  " permit udp any any eq 53",
  " deny ip any any log",
  "",
].join("\n");

Deno.test({
  name: `binary: --version and --help, run from a copy in another folder${NAME}`,
  ignore: SKIP,
  fn: async () => {
    await using b = await binaryCopy();
    const v = await run(b.bin, ["--version"], { cwd: b.dir });
    deepStrictEqual(v, { code: 0, out: `${denoJson.version}\n`, err: "" });
    const help = await run(b.bin, ["--help"], { cwd: b.dir });
    strictEqual(help.code, 0);
    for (const verb of ["aclconv", "check-access", "netdev", "bounce", "run-cmds", "lab"]) {
      ok(help.out.includes(`  ${verb} `), `--help lists ${verb}`);
    }
    const bad = await run(b.bin, ["aclconv", "--to", "nope", "/nonexistent.acl"], { cwd: b.dir });
    strictEqual(bad.code, 2);
  },
});

Deno.test({
  name: `binary: aclconv, acl-diff, check-access, netdev and bounce match deno run${NAME}`,
  ignore: SKIP,
  fn: async () => {
    await using b = await binaryCopy();
    const o = { cwd: b.dir, env: { NETDEVICES_SOURCE: join(b.dir, "netdevices.json") } };
    await Deno.writeTextFile(join(b.dir, "edge.acl"), IOS_ACL);
    await Deno.writeTextFile(
      join(b.dir, "netdevices.json"),
      JSON.stringify([
        {
          nodeName: "edge1.nyc.example.net",
          manufacturer: "CISCO",
          deviceType: "ROUTER",
          make: "ISR",
          site: "NYC",
          adminStatus: "PRODUCTION",
        },
        {
          nodeName: "core1.lon.example.net",
          manufacturer: "JUNIPER",
          deviceType: "ROUTER",
          site: "LON",
          adminStatus: "PRODUCTION",
        },
      ]),
    );

    const junos = await same(b.bin, ["aclconv", "-t", "junos", "edge.acl"], o);
    strictEqual(junos.code, 0);
    ok(junos.out.includes("filter EDGE-IN {") && junos.out.includes("destination-port 22;"));
    await same(b.bin, ["aclconv", "-t", "eos", "edge.acl", "--output", "edge.eos"], o);
    ok((await Deno.readTextFile(join(b.dir, "edge.eos"))).includes("192.0.2.10"));

    // acl-diff runs the header-space export (acl_hs) through the generated bindings.
    await same(b.bin, ["aclconv", "-t", "junos", "edge.acl", "--output", "edge.junos"], o);
    strictEqual((await same(b.bin, ["acl-diff", "edge.acl", "edge.junos"], o)).code, 0);
    await Deno.writeTextFile(
      join(b.dir, "edge2.acl"),
      IOS_ACL.replace(" permit tcp 10.0.0.0 0.0.0.255 host 192.0.2.10 eq 22\n", ""),
    );
    const diff = await same(b.bin, ["acl-diff", "--json", "edge.acl", "edge2.acl"], o);
    strictEqual(diff.code, 1);
    ok(diff.out.includes("192.0.2.10"));

    const permitted = await same(
      b.bin,
      ["check-access", "edge.acl", "10.0.0.7", "192.0.2.10", "tcp", "22"],
      o,
    );
    strictEqual(permitted.code, 0);
    ok(permitted.out.startsWith("PERMITTED"));
    const denied = await same(b.bin, [
      "check_access",
      "edge.acl",
      "10.9.9.9",
      "192.0.2.10",
      "tcp",
      "22",
    ], o);
    strictEqual(denied.code, 1);

    const list = await same(b.bin, ["netdev", "-v", "juniper"], o);
    strictEqual(list.code, 0);
    ok(list.out.includes("core1.lon.example.net") && !list.out.includes("edge1"));
    const one = await same(b.bin, ["netdev", "-l", "edge1"], o);
    ok(one.out.includes("edge1.nyc.example.net"));
    const none = await same(b.bin, ["netdev", "-L", "Mars"], o);
    strictEqual(none.code, 1);

    // Temporal (time zones, DST) in the binary's runtime.
    const at = ["bounce", "edge1", "--json", "--at", "2026-07-01T00:30:00Z"];
    const bounce = await same(b.bin, at, o);
    strictEqual(JSON.parse(bounce.out).device, "edge1.nyc.example.net");
  },
});

async function waitForFile(path: string, child: Deno.ChildProcess, ms: number): Promise<void> {
  const end = Date.now() + ms;
  let exited = false;
  child.status.then(() => (exited = true));
  for (;;) {
    try {
      await Deno.stat(path);
      return;
    } catch {
      if (exited) throw new Error(`the lab exited before writing ${path}`);
      if (Date.now() > end) throw new Error(`no ${path} after ${ms} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

Deno.test({
  name: `binary: its own lab up serves its run-cmds; the store lock excludes deno${NAME}`,
  ignore: SKIP,
  fn: async () => {
    await using b = await binaryCopy();
    const labDir = join(b.dir, "lab");
    const lab = new Deno.Command(b.bin, {
      args: ["lab", "up", "--devices", "3", "--out", labDir],
      cwd: b.dir,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const labOut = new Response(lab.stdout).text();
    const labErr = new Response(lab.stderr).text();
    try {
      await waitForFile(join(labDir, "lab.json"), lab, 30_000);
      const env = {
        NETDEVICES_SOURCE: join(labDir, "netdevices.json"),
        TACACSRC: join(labDir, "credentials"),
        TACACSRC_KEYFILE: join(labDir, "credentials.key"),
        TRIGGER_KNOWN_HOSTS: join(labDir, "known_hosts"),
      };
      const devices = (JSON.parse(await Deno.readTextFile(join(labDir, "lab.json"))) as {
        devices: { name: string }[];
      }).devices.map((d) => d.name);
      strictEqual(devices.length, 3);
      const r = await run(
        b.bin,
        ["run-cmds", "-c", "show version", "--json", "--timeout", "30", ...devices],
        { cwd: b.dir, env },
      );
      strictEqual(r.code, 0, r.err);
      const json = JSON.parse(r.out) as {
        results: Record<string, { command: string; output: string }[]>;
      };
      deepStrictEqual(Object.keys(json.results).sort(), [...devices].sort());
      for (const d of devices) {
        strictEqual(json.results[d]![0]!.command, "show version");
        ok(json.results[d]![0]!.output.length > 20, d);
      }

      // While deno holds the credential store's flock, the binary's write waits for it.
      const lockFile = await Deno.open(join(labDir, "credentials.lock"), {
        read: true,
        write: true,
        create: true,
      });
      await lockFile.lock(true);
      const set = new Deno.Command(b.bin, {
        args: ["tacacsrc", "set", "--realm", "extra", "--username", "ops", "--password-stdin"],
        cwd: b.dir,
        env: { ...env, NO_COLOR: "1" },
        stdin: "piped",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const w = set.stdin.getWriter();
      await w.write(new TextEncoder().encode("s3cret\n"));
      await w.close();
      let done = false;
      const result = set.output().then((o) => ((done = true), o));
      await new Promise((r) => setTimeout(r, 700));
      strictEqual(done, false, "the binary waited for the lock held by deno");
      await lockFile.unlock();
      lockFile.close();
      const setOut = await result;
      strictEqual(setOut.code, 0, new TextDecoder().decode(setOut.stderr));
      const list = await run(b.bin, ["tacacsrc", "list"], { cwd: b.dir, env });
      ok(list.out.includes("extra") && list.out.includes("ops"), list.out);
      ok(!list.out.includes("s3cret"));
    } finally {
      lab.kill("SIGTERM");
      const status = await lab.status;
      const [out, err] = await Promise.all([labOut, labErr]);
      strictEqual(status.code, 0, err);
      ok(out.includes("Lab up: 3 devices") && out.includes("Lab stopped."), out);
    }
  },
});
