/**
 * `run-cmds --output-dir`: private files, device names that try to leave the
 * directory, one unwritable file failing one device only, files left by a
 * killed run, and `--json` together with `--output-dir`.
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { labDir, trigger } from "./_lab_dir.ts";

/** A process id that no process has any more. */
async function deadPid(): Promise<number> {
  const child = new Deno.Command("true").spawn();
  await child.status;
  return child.pid;
}

Deno.test("run-cmds --output-dir: mode 0600, names mapped inside the directory, one bad file fails one device", async () => {
  await using l = await labDir({ devices: 4, vendors: ["cisco_ios"] });
  // untrusted inventory names: a path upwards, a slash, and a plain one
  const records = JSON.parse(await Deno.readTextFile(`${l.dir}/netdevices.json`));
  records[1].nodeName = "../../escape-dev";
  records[2].nodeName = "sub/dir-dev";
  await Deno.writeTextFile(`${l.dir}/netdevices.json`, JSON.stringify(records));
  const out = `${l.dir}/a/b/out`;
  await Deno.mkdir(out, { recursive: true, mode: 0o755 });
  // what a killed run leaves: a temporary file of a process that is gone
  const stale = `.ios-cisco-001.txt.trigger-${await deadPid()}-0123456789ab.tmp`;
  await Deno.writeTextFile(`${out}/${stale}`, "half a config");
  // a directory where ios-cisco-004's file should go: that one write fails
  await Deno.mkdir(`${out}/ios-cisco-004.txt`);
  const names = ["ios-cisco-001", "../../escape-dev", "sub/dir-dev", "ios-cisco-004"];
  const r = await trigger(l.env, ["run-cmds", "-c", "show clock", "--output-dir", out, ...names]);
  strictEqual(r.code, 1, `${r.err}\n${r.out}`);
  match(r.out, /ios-cisco-004\s+FAILED\s+\S+\s+IO_ERROR/);
  match(r.out, /4 device\(s\): 3 ok, 1 failed/);
  const files = [...Deno.readDirSync(out)].map((e) => e.name).sort();
  deepStrictEqual(files, [
    "%2E.%2F..%2Fescape-dev.txt",
    "ios-cisco-001.txt",
    "ios-cisco-004.txt",
    "sub%2Fdir-dev.txt",
  ]);
  deepStrictEqual([...Deno.readDirSync(`${l.dir}/a`)].map((e) => e.name), ["b"]);
  ok(![...Deno.readDirSync(l.dir)].some((e) => e.name.startsWith("escape-dev")));
  for (const f of files.filter((f) => f !== "ios-cisco-004.txt")) {
    strictEqual((await Deno.stat(`${out}/${f}`)).mode! & 0o777, 0o600, f);
  }
  match(await Deno.readTextFile(`${out}/sub%2Fdir-dev.txt`), /^sub\/dir-dev# show clock\n\*/);
});

Deno.test("run-cmds --json --output-dir writes the files and prints the JSON; a new directory is 0700", async () => {
  await using l = await labDir({ devices: 2, vendors: ["cisco_ios", "arista_eos"] });
  const out = `${l.dir}/new/out`;
  const names = l.lab.devices.map((d) => d.name);
  const r = await trigger(l.env, [
    "run-cmds",
    "-c",
    "show clock",
    "--json",
    "--output-dir",
    out,
    ...names,
  ]);
  strictEqual(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  deepStrictEqual(Object.keys(j.results).sort(), names.sort());
  deepStrictEqual(
    [...Deno.readDirSync(out)].map((e) => e.name).sort(),
    names.map((n) => `${n}.txt`).sort(),
  );
  strictEqual((await Deno.stat(out)).mode! & 0o777, 0o700);
  for (const n of names) {
    const text = await Deno.readTextFile(`${out}/${n}.txt`);
    ok(text.includes(j.results[n][0].output));
  }
});
