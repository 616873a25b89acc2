import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import { isTriggerError } from "../../lib/errors.ts";
import { createHmac } from "node:crypto";
import {
  appendKnownHost,
  fingerprintSha256,
  hostsFieldMatches,
  lookupHostKey,
  parseKnownHosts,
} from "../../lib/transport/known_hosts.ts";
import { knownEntries } from "../../lib/transport/_known_hosts_cache.ts";

const KEY = "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

function hashed(name: string, salt = "c2FsdHNhbHRzYWx0c2FsdHNhbHQ="): string {
  const mac = createHmac("sha1", Buffer.from(salt, "base64")).update(name).digest("base64");
  return `|1|${salt}|${mac}`;
}
import { Buffer } from "node:buffer";

Deno.test("hostsFieldMatches() handles plain, [host]:port, lists, wildcards, negation and hashes", () => {
  strictEqual(hostsFieldMatches("r1,10.0.0.1", "10.0.0.1", 22), true);
  strictEqual(hostsFieldMatches("r1,10.0.0.1", "10.0.0.1", 2222), false);
  strictEqual(hostsFieldMatches("[10.0.0.1]:2222", "10.0.0.1", 2222), true);
  strictEqual(hostsFieldMatches("*.example.net,!bad.example.net", "r1.example.net", 22), true);
  strictEqual(hostsFieldMatches("*.example.net,!bad.example.net", "bad.example.net", 22), false);
  strictEqual(hostsFieldMatches("r?", "r1", 22), true);
  strictEqual(hostsFieldMatches(hashed("[r1]:830"), "r1", 830), true);
  strictEqual(hostsFieldMatches(hashed("[r1]:830"), "r2", 830), false);
  strictEqual(hostsFieldMatches(hashed("r1"), "r1", 22), true);
});

Deno.test("lookupHostKey() reports match, mismatch, unknown and revoked", () => {
  const entries = parseKnownHosts(
    `# comment\n\nr1 ssh-ed25519 ${KEY}\n@cert-authority *.x ssh-ed25519 CA\nr2 ssh-ed25519 OTHER\n@revoked * ssh-rsa REVOKED\nbroken\n`,
  );
  strictEqual(entries.length, 4);
  strictEqual(lookupHostKey(entries, ["r1"], 22, "ssh-ed25519", KEY).status, "match");
  strictEqual(lookupHostKey(entries, ["r2"], 22, "ssh-ed25519", KEY).status, "mismatch");
  strictEqual(lookupHostKey(entries, ["r3"], 22, "ssh-ed25519", KEY).status, "unknown");
  strictEqual(lookupHostKey(entries, ["r1"], 22, "ssh-rsa", "REVOKED").status, "revoked");
  // @cert-authority lines are ignored (certificates unsupported)
  strictEqual(lookupHostKey(entries, ["a.x"], 22, "ssh-ed25519", "CA").status, "unknown");
});

Deno.test("fingerprintSha256() matches ssh-keygen -lf", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/k`;
    await new Deno.Command("ssh-keygen", { args: ["-q", "-t", "ed25519", "-N", "", "-f", path] })
      .output();
    const pub = (await Deno.readTextFile(`${path}.pub`)).split(" ");
    const out = await new Deno.Command("ssh-keygen", { args: ["-lf", `${path}.pub`] }).output();
    const expected = new TextDecoder().decode(out.stdout).split(" ")[1];
    strictEqual(fingerprintSha256(pub[1]!), expected);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("appendKnownHost() appends, hashed names stay findable with ssh-keygen -F", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/known_hosts`;
    await Deno.writeTextFile(path, `r0 ssh-ed25519 ${KEY}`); // no final newline
    await appendKnownHost(path, "10.1.1.1", 2222, "ssh-ed25519", KEY);
    await appendKnownHost(path, "r9", 22, "ssh-ed25519", KEY, { hashed: true });
    const entries = parseKnownHosts(await Deno.readTextFile(path));
    deepStrictEqual(entries.map((e) => e.hosts.startsWith("|1|") ? "hashed" : e.hosts), [
      "r0",
      "[10.1.1.1]:2222",
      "hashed",
    ]);
    const found = await new Deno.Command("ssh-keygen", { args: ["-F", "r9", "-f", path] }).output();
    strictEqual(found.code, 0);
    deepStrictEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["known_hosts"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const WORKER = new URL("./_append_worker.ts", import.meta.url).pathname;

Deno.test("appendKnownHost() from two processes at once loses no line and keeps a symlink", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const real = `${dir}/real`;
    await Deno.writeTextFile(real, `# by hand\nr0 ssh-ed25519 ${KEY}`);
    await Deno.symlink(real, `${dir}/known_hosts`);
    const run = (prefix: string) =>
      new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", WORKER, `${dir}/known_hosts`, prefix, "300"],
      }).output();
    const [a, b] = await Promise.all([run("a"), run("b")]);
    strictEqual(a.code, 0, new TextDecoder().decode(a.stderr));
    strictEqual(b.code, 0, new TextDecoder().decode(b.stderr));
    ok((await Deno.lstat(`${dir}/known_hosts`)).isSymlink);
    const text = await Deno.readTextFile(real);
    ok(text.startsWith(`# by hand\nr0 ssh-ed25519 ${KEY}\n`));
    const hosts = parseKnownHosts(text).map((e) => e.hosts);
    strictEqual(hosts.length, 601);
    strictEqual(new Set(hosts).size, 601);
    // the same names again, from both: nothing added twice
    await Promise.all([run("a"), run("b")]);
    strictEqual(parseKnownHosts(await Deno.readTextFile(real)).length, 601);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("appendKnownHost() creates a missing directory 0700 and file 0600; refuses a changed key", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/home/.ssh/known_hosts`;
    strictEqual(await appendKnownHost(path, "r1", 22, "ssh-ed25519", KEY), true);
    strictEqual((await Deno.stat(`${dir}/home/.ssh`)).mode! & 0o777, 0o700);
    strictEqual((await Deno.stat(path)).mode! & 0o777, 0o600);
    strictEqual(await appendKnownHost(path, "r1", 22, "ssh-ed25519", KEY), false);
    await rejects(
      appendKnownHost(path, "r1", 22, "ssh-ed25519", "AAAAC3NzaC1lZDI1NTE5AAAAIBBBB"),
      (e) => isTriggerError(e, "HOSTKEY_MISMATCH"),
    );
    strictEqual(parseKnownHosts(await Deno.readTextFile(path)).length, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("knownEntries() read by many connections at once reads and parses the file once", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/known_hosts`;
    const lines = Array.from(
      { length: 500 },
      (_, i) => `[10.0.0.1]:${2000 + i} ssh-ed25519 ${KEY}`,
    );
    await Deno.writeTextFile(path, lines.join("\n") + "\n");
    // a fleet job's first 200 connections start together: one shared copy, not 200
    const all = await Promise.all(Array.from({ length: 200 }, () => knownEntries(path)));
    strictEqual(new Set(all).size, 1);
    strictEqual(all[0]!.length, 500);
    // a new version of the file is read again
    await Deno.writeTextFile(path, `r9 ssh-ed25519 ${KEY}\n`, { append: true });
    const after = await knownEntries(path);
    strictEqual(after.length, 501);
    ok(after !== all[0]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
