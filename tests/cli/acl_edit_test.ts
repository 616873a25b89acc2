/**
 * `trigger acl-edit` and `trigger acl-script`: ACL files edited with
 * `$EDITOR` (vi in a real terminal, sed in a script), refused when they do
 * not parse, normalised, committed to the ACL directory's Git repository;
 * terms inserted and removed from the command line.
 */
import { match, ok, strictEqual } from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { trigger } from "./_lab_dir.ts";
import { DENO_DIR } from "./_child.ts";
import { Tmux } from "./_tmux.ts";

const MAIN = fileURLToPath(new URL("../../cli/main.ts", import.meta.url));
const EDGE = "ip access-list extended EDGE\n permit tcp any any eq 22\n deny ip any any\n";

async function git(dir: string, ...args: string[]): Promise<string> {
  const r = await new Deno.Command("git", { args: ["-C", dir, ...args], stdout: "piped" }).output();
  return new TextDecoder().decode(r.stdout);
}

/** An ACL directory under Git with acl.EDGE committed, and the environment pointing at it. */
async function aclRepo() {
  const dir = await Deno.makeTempDir({ prefix: "trigger-acl-repo-" });
  await git(dir, "init", "-q");
  await git(dir, "config", "user.email", "ops@example.net");
  await git(dir, "config", "user.name", "ops");
  await Deno.writeTextFile(`${dir}/acl.EDGE`, EDGE);
  await git(dir, "add", "acl.EDGE");
  await git(dir, "commit", "-q", "-m", "start");
  const env = {
    FIREWALL_DIR: dir,
    HOME: dir,
    DENO_DIR,
    PATH: Deno.env.get("PATH") ?? "",
  };
  return { dir, env, [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }) };
}

Deno.test("acl-edit: the edit is normalised, shown and committed; one that does not parse is not saved", async () => {
  await using repo = await aclRepo();
  const { dir, env } = repo;
  const edited = await trigger(
    { ...env, EDITOR: "sed -i 's/eq 22/eq   domain/'" },
    ["acl-edit", "EDGE", "--yes", "-m", "DNS instead of SSH"],
  );
  strictEqual(edited.code, 0, edited.err);
  match(edited.out, /^- permit tcp any any eq 22$/m);
  match(edited.out, /^\+ permit tcp any any eq 53$/m);
  match(edited.out, /Committed [0-9a-f]+: DNS instead of SSH/);
  strictEqual(await Deno.readTextFile(`${dir}/acl.EDGE`), EDGE.replace("eq 22", "eq 53"));
  match(await git(dir, "log", "-1", "--format=%s"), /DNS instead of SSH/);
  // a line the engine cannot read: the error with file, line, column; nothing saved
  const broken = await trigger(
    { ...env, EDITOR: 'sh -c \'echo " permit bogus any" >> "$0"\'' },
    ["acl-edit", "EDGE", "--yes", "-m", "x"],
  );
  strictEqual(broken.code, 1, broken.err);
  match(broken.err, new RegExp(`${dir}/acl\\.EDGE:4:\\d+: `));
  match(broken.err, /Not saved/);
  strictEqual(await Deno.readTextFile(`${dir}/acl.EDGE`), EDGE.replace("eq 22", "eq 53"));
  strictEqual((await git(dir, "log", "--format=%s")).trim().split("\n").length, 2);
  // nothing changed: nothing committed
  const same = await trigger({ ...env, EDITOR: "true" }, ["acl-edit", "EDGE", "--yes"]);
  strictEqual(same.code, 0);
  match(same.out, /No changes made/);
  // another editor holds the lock (a live process)
  await Deno.writeTextFile(
    `${dir}/.trigger-acl-edit.lock`,
    JSON.stringify({ who: "bob", pid: Deno.pid }),
  );
  const locked = await trigger({ ...env, EDITOR: "true" }, ["acl-edit", "EDGE"]);
  strictEqual(locked.code, 2);
  match(locked.err, /bob \(pid \d+\) is editing/);
  await Deno.remove(`${dir}/.trigger-acl-edit.lock`);
  // not a Git repository
  const plain = await Deno.makeTempDir();
  try {
    const r = await trigger({ ...env, FIREWALL_DIR: plain, EDITOR: "true" }, ["acl-edit", "EDGE"]);
    strictEqual(r.code, 2);
    match(r.err, /is not a Git repository \(run: git -C .* init\)/);
  } finally {
    await Deno.remove(plain, { recursive: true });
  }
});

Deno.test("acl-edit in tmux with vi: edit, confirm, message, committed", async () => {
  await using repo = await aclRepo();
  const { dir, env } = repo;
  await using t = await Tmux.start(`${Deno.execPath()} run -A ${MAIN} acl-edit EDGE`, {
    ...env,
    EDITOR: "vi",
    TERM: "xterm",
  });
  await t.waitFor(/permit tcp any any eq 22/);
  await t.keys("Escape");
  await t.type(":%s/eq 22/eq 443/");
  await t.keys("Enter");
  await t.type(":wq");
  await t.keys("Enter");
  await t.waitFor(/Save and commit these changes\? \[y\/N\]/);
  await t.type("y");
  await t.keys("Enter");
  await t.waitFor(/Commit message:/);
  await t.type("HTTPS only");
  await t.keys("Enter");
  const s = await t.waitFor(/EXIT=\d+/);
  match(s, /Committed [0-9a-f]+: HTTPS only/);
  match(s, /EXIT=0/);
  match(await Deno.readTextFile(`${dir}/acl.EDGE`), /eq 443/);
});

Deno.test("acl-script inserts a term before the final deny, refuses a duplicate, removes it, -n changes nothing", async () => {
  await using repo = await aclRepo();
  const { dir, env } = repo;
  const term = ["--protocol", "tcp", "-d", "192.0.2.10", "-P", "443", "-C", "web server"];
  const dry = await trigger(env, ["acl-script", "-a", "EDGE", ...term, "-n"]);
  strictEqual(dry.code, 0, dry.err);
  match(dry.out, /^\+ remark web server\n\+ permit tcp any host 192\.0\.2\.10 eq 443$/m);
  strictEqual(await Deno.readTextFile(`${dir}/acl.EDGE`), EDGE);
  const ins = await trigger(env, ["acl-script", "-a", "EDGE", ...term, "-m", "open web"]);
  strictEqual(ins.code, 0, ins.err);
  strictEqual(
    await Deno.readTextFile(`${dir}/acl.EDGE`),
    "ip access-list extended EDGE\n permit tcp any any eq 22\n remark web server\n" +
      " permit tcp any host 192.0.2.10 eq 443\n deny ip any any\n",
  );
  match(await git(dir, "log", "-1", "--format=%s"), /open web/);
  const again = await trigger(env, ["acl-script", "-a", "EDGE", ...term]);
  strictEqual(again.code, 1);
  match(again.err, /the term is already there/);
  const rm = await trigger(env, [
    "acl-script",
    "-a",
    "EDGE",
    "--remove",
    "--protocol",
    "tcp",
    "-d",
    "192.0.2.10",
    "-P",
    "443",
  ]);
  strictEqual(rm.code, 0, rm.err);
  ok(!(await Deno.readTextFile(`${dir}/acl.EDGE`)).includes("192.0.2.10"));
  strictEqual((await git(dir, "log", "--format=%s")).trim().split("\n").length, 3);
  const bad = await trigger(env, ["acl-script", "-a", "EDGE", "-d", "300.1.1.1"]);
  strictEqual(bad.code, 2);
  match(bad.err, /Cannot build the term/);
});
