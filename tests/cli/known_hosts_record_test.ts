/**
 * Recording host keys under `--accept-new-hostkeys` as a fleet would: two
 * real `trigger run-cmds` processes record keys into one known_hosts at once,
 * through a symlink, next to lines written by others; and a fresh HOME with
 * no `~/.ssh` at all.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { labDir, trigger } from "./_lab_dir.ts";
import { parseKnownHosts } from "../../lib/transport/known_hosts.ts";

/** The subprocesses may get another HOME: keep Deno's module cache. */
const DENO_DIR = Deno.env.get("DENO_DIR") ??
  `${Deno.env.get("XDG_CACHE_HOME") ?? `${Deno.env.get("HOME")}/.cache`}/deno`;

const OTHERS = "# kept by hand\nbastion.example.net ssh-ed25519 " +
  "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n";

Deno.test("two run-cmds --accept-new-hostkeys at once lose no key, keep a symlink and others' lines", async () => {
  await using l = await labDir({ devices: 60, vendors: ["cisco_ios", "arista_eos"] });
  const names = l.lab.devices.map((d) => d.name);
  const real = `${l.dir}/real_known_hosts`;
  const link = `${l.dir}/kh_link`;
  await Deno.writeTextFile(real, OTHERS);
  await Deno.symlink(real, link);
  const env = { ...l.env, TRIGGER_KNOWN_HOSTS: link };
  const run = (devices: string[]) =>
    trigger(env, [
      "run-cmds",
      "-c",
      "show clock",
      "--json",
      "--accept-new-hostkeys",
      "--max-conns",
      "30",
      "--timeout",
      "60",
      ...devices,
    ]);
  // overlapping halves: devices 20-39 are recorded by both at once
  const [a, b] = await Promise.all([run(names.slice(0, 40)), run(names.slice(20))]);
  strictEqual(a.code, 0, a.err);
  strictEqual(b.code, 0, b.err);
  ok((await Deno.lstat(link)).isSymlink, "the known_hosts symlink was replaced");
  const text = await Deno.readTextFile(real);
  ok(text.startsWith(OTHERS), "lines written by others were rewritten");
  const entries = parseKnownHosts(text);
  // one line per device port, none twice, plus the hand-written one
  const hosts = entries.map((e) => e.hosts);
  strictEqual(new Set(hosts).size, hosts.length, "a device was recorded twice");
  strictEqual(entries.length, names.length + 1);
  const strict = await trigger(env, ["run-cmds", "-c", "show clock", "--json", ...names]);
  strictEqual(strict.code, 0, strict.err);
  deepStrictEqual(Object.keys(JSON.parse(strict.out).errors), []);
});

Deno.test("run-cmds --accept-new-hostkeys in a fresh HOME creates ~/.ssh (0700) and known_hosts (0600)", async () => {
  await using l = await labDir({ devices: 2, vendors: ["cisco_ios"] });
  const home = await Deno.makeTempDir();
  try {
    const env: Record<string, string> = { ...l.env, HOME: home, DENO_DIR };
    delete env.TRIGGER_KNOWN_HOSTS;
    const names = l.lab.devices.map((d) => d.name);
    const r = await trigger(env, [
      "run-cmds",
      "-c",
      "show clock",
      "--accept-new-hostkeys",
      ...names,
    ]);
    strictEqual(r.code, 0, `${r.err}\n${r.out}`);
    strictEqual((await Deno.stat(`${home}/.ssh`)).mode! & 0o777, 0o700);
    strictEqual((await Deno.stat(`${home}/.ssh/known_hosts`)).mode! & 0o777, 0o600);
    const entries = parseKnownHosts(await Deno.readTextFile(`${home}/.ssh/known_hosts`));
    strictEqual(entries.length, 2);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
