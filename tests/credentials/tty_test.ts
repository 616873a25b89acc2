/**
 * Credentials asked on a real terminal (tmux): hidden input for
 * `trigger tacacsrc set`, and the ask-and-save path of a fleet verb
 * (`trigger run-cmds`) when the store has nothing for the device's realm.
 */
import { ok, strictEqual } from "node:assert/strict";
import { shq, Tmux } from "../cli/_tmux.ts";
import { CredentialStore } from "../../lib/credentials/credential_store.ts";
import { ROOT, tempDir } from "./_helpers.ts";

const SECRET = "Hunter2-zq9x";
const ENABLE = "En4ble-kw7v";

function cli(args: string[]): string {
  const line = [Deno.execPath(), "run", "-A", `${ROOT}cli/main.ts`, ...args].map(shq).join(" ");
  return `sh -c ${shq(`cd ${shq(ROOT)} && ${line}`)}`;
}

function env(dir: string): Record<string, string> {
  return {
    XDG_CONFIG_HOME: `${dir}/cfg`,
    TACACSRC: `${dir}/store.json`,
    TACACSRC_KEYFILE: `${dir}/store.key`,
    DEFAULT_REALM: "default",
    NO_COLOR: "1",
  };
}

/** Types a secret at a prompt, then checks it is not on the screen. */
async function typeHidden(t: Tmux, prompt: RegExp, text: string): Promise<void> {
  await t.waitFor(prompt);
  await t.type(text);
  await t.keys("Enter");
}

Deno.test("trigger tacacsrc set on a terminal asks the password hidden and saves it", async () => {
  await using dir = await tempDir();
  await using t = await Tmux.start(
    cli(["tacacsrc", "set", "--realm", "core", "--username", "alice"]),
    env(dir.path),
  );
  await typeHidden(t, /Password:/, SECRET);
  await typeHidden(t, /Password \(again\):/, SECRET);
  await typeHidden(t, /Enable password \(empty for none\):/, ENABLE);
  const screen = await t.waitFor(/EXIT=\d+/);
  ok(screen.includes("EXIT=0"), screen);
  ok(screen.includes(`Saved credentials for realm "core" (user alice)`), screen);
  ok(!screen.includes(SECRET) && !screen.includes(ENABLE), `secret echoed:\n${screen}`);
  const store = await CredentialStore.open({
    path: `${dir.path}/store.json`,
    keyFile: `${dir.path}/store.key`,
  });
  const c = await store.get("core");
  strictEqual(c?.password.reveal(), SECRET);
  strictEqual(c?.enablePassword?.reveal(), ENABLE);
});

Deno.test("trigger tacacsrc set on a terminal: mismatched entries are refused, nothing saved", async () => {
  await using dir = await tempDir();
  await using t = await Tmux.start(
    cli(["tacacsrc", "set", "--username", "alice"]),
    env(dir.path),
  );
  await typeHidden(t, /Password:/, SECRET);
  await typeHidden(t, /Password \(again\):/, `${SECRET}x`);
  const screen = await t.waitFor(/EXIT=\d+/);
  ok(!screen.includes("EXIT=0"), screen);
  ok(screen.includes("did not match"), screen);
  ok(!screen.includes(SECRET), screen);
  strictEqual(await Deno.lstat(`${dir.path}/store.json`).catch(() => undefined), undefined);
});

Deno.test("trigger run-cmds on a terminal asks for a realm's missing credentials and saves them", async () => {
  await using dir = await tempDir();
  // A closed port: the run fails after the credentials are asked and saved.
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = probe.addr.port;
  probe.close();
  await Deno.writeTextFile(
    `${dir.path}/inv.json`,
    JSON.stringify([{ nodeName: `r1.lab:${port}`, manufacturer: "cisco", realm: "fw9" }]),
  );
  await using t = await Tmux.start(
    cli([
      "run-cmds",
      "--source",
      `${dir.path}/inv.json`,
      "--known-hosts",
      `${dir.path}/known_hosts`,
      "--timeout",
      "3",
      "-c",
      "show version",
      "r1.lab",
    ]),
    env(dir.path),
  );
  await t.waitFor(/No credentials for realm "fw9"/);
  await t.waitFor(/Username/);
  await t.keys("C-u");
  await t.type("netops");
  await t.keys("Enter");
  await typeHidden(t, /Password:/, SECRET);
  await typeHidden(t, /Password \(again\):/, SECRET);
  await typeHidden(t, /Enable password \(empty for none\):/, "");
  const screen = await t.waitFor(/EXIT=\d+/, 30_000);
  ok(!screen.includes(SECRET), `secret echoed:\n${screen}`);
  const store = await CredentialStore.open({
    path: `${dir.path}/store.json`,
    keyFile: `${dir.path}/store.key`,
  });
  const c = await store.get("fw9");
  strictEqual(c?.username, "netops");
  strictEqual(c?.password.reveal(), SECRET);
  strictEqual(c?.enablePassword, undefined);
});
