import { match, ok, strictEqual } from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { labDir, trigger } from "./_lab_dir.ts";
import { Tmux } from "./_tmux.ts";
import { startSshd, TEST_PASSWORD, TEST_USER } from "../_servers/sshd.ts";
import { CredentialStore } from "../../lib/credentials/mod.ts";

const MAIN = fileURLToPath(new URL("../../cli/main.ts", import.meta.url));
const FAKE = fileURLToPath(new URL("../_fixtures/fake_device.py", import.meta.url));
const GONG = `${Deno.execPath()} run -A ${MAIN} gong`;

/** gong exited with 0 and `stty -a` has printed its local flags. */
const EXITED = /EXIT=0[\s\S]*\bicanon\b/;

/** The terminal is back in cooked mode once gong has exited. */
function assertTerminalRestored(screen: string): void {
  const after = screen.slice(screen.indexOf("EXIT="));
  match(after, /(^|\s)icanon(\s|$)/m, after);
  match(after, /(^|\s)echo(\s|$)/m, after);
  ok(!/-icanon|-echo\b/.test(after), after);
}

Deno.test("gong in tmux: menu for a partial name, .gorc init commands, a command, exit by the device", async () => {
  await using l = await labDir({ devices: 3, vendors: ["cisco_ios", "arista_eos"] });
  await Deno.writeTextFile(
    l.env.GORC_FILE!,
    "[init_commands]\ncisco:\n    terminal length 0\n    show clock\n",
  );
  await using t = await Tmux.start(`${GONG} ios`, l.env);
  await t.waitFor(/\[2\] ios-cisco-002:\d+[\s\S]*Enter a device number/);
  await t.keys("2", "Enter");
  // the device shows "host>", the store has the enable password: gong enables, as Trigger did
  let s = await t.waitFor(
    /ios-cisco-002#show clock\s+\*\d\d:\d\d:\d\d\.\d+ UTC[\s\S]*ios-cisco-002#$/m,
  );
  match(s, /Connected to ios-cisco-002\.\s+Use ~\. to exit/);
  match(s, /ios-cisco-002>enable\s+Password:\s*\n?\s*ios-cisco-002#terminal length 0/);
  await t.type("show privilege\r");
  await t.waitFor(/Current privilege level is 15\s+ios-cisco-002#/);
  await t.type("show version\r");
  await t.waitFor(/Configuration register is 0x2102\s+ios-cisco-002#/);
  await t.type("exit\r");
  s = await t.waitFor(EXITED);
  match(s, /Connection to ios-cisco-002 closed by the device/);
  assertTerminalRestored(s);
});

Deno.test("gong in tmux: OpenSSH-style host key question, then ~. disconnects and restores the terminal", async () => {
  await using l = await labDir({ devices: 1, vendors: ["juniper_junos"] });
  await Deno.writeTextFile(l.knownHosts, "");
  await using t = await Tmux.start(`${GONG} junos-juniper-001`, l.env);
  let s = await t.waitFor(/continue connecting \(yes\/no\)\?/);
  match(
    s,
    /The authenticity of host 'junos-juniper-001 \(\[127\.0\.0\.1\]:\d+\)' can't be established\./,
  );
  match(
    s,
    new RegExp(
      `ED25519 key fingerprint is ${l.lab.hostKey.fingerprint.replace(/[+/]/g, "\\$&")}\\.`,
    ),
  );
  await t.type("yes\r");
  await t.waitFor(/lab@junos-juniper-001>\s*$/m);
  await t.type("show system uptime\r");
  await t.waitFor(/System booted/);
  await t.type("\r~.");
  s = await t.waitFor(EXITED);
  match(s, /Connection to junos-juniper-001 closed\./);
  assertTerminalRestored(s);
  match(await Deno.readTextFile(l.knownHosts), /^\[127\.0\.0\.1\]:\d+ ssh-ed25519 /);
});

Deno.test("gong in tmux against a real OpenSSH server with a device-like shell", async () => {
  await using sshd = await startSshd({ forceCommand: FAKE });
  const dir = await Deno.makeTempDir({ prefix: "gong-sshd-" });
  try {
    await Deno.writeTextFile(
      `${dir}/netdevices.json`,
      JSON.stringify([{
        nodeName: "router1.lab.example.net",
        nodePort: String(sshd.port),
        managementIp: "127.0.0.1",
        platform: "cisco_ios",
        manufacturer: "CISCO SYSTEMS",
        adminStatus: "NON-PRODUCTION",
      }]),
    );
    const store = await CredentialStore.open({ path: `${dir}/creds`, keyFile: `${dir}/creds.key` });
    await store.set("default", { username: TEST_USER, password: TEST_PASSWORD });
    await using t = await Tmux.start(`${GONG} router1`, {
      NETDEVICES_SOURCE: `${dir}/netdevices.json`,
      TACACSRC: `${dir}/creds`,
      TACACSRC_KEYFILE: `${dir}/creds.key`,
      TRIGGER_KNOWN_HOSTS: sshd.knownHostsPath,
      GORC_FILE: `${dir}/none`,
    });
    let s = await t.waitFor(/router1>$/m);
    match(s, /WARNING: You are connecting to a non-production device\./);
    await t.type("show clock\r");
    await t.waitFor(/\*10:15:42\.123 UTC Mon Nov 24 2025\s+router1>$/m);
    await t.type("\r~.");
    s = await t.waitFor(EXITED);
    assertTerminalRestored(s);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("gong --oob connects by Telnet to the console server named in the inventory", async () => {
  await using l = await labDir({ devices: 2, vendors: ["cisco_ios"] });
  const records = JSON.parse(await Deno.readTextFile(l.env.NETDEVICES_SOURCE!));
  records[0].oobTerminalServerFQDN = "127.0.0.1";
  records[0].oobTerminalServerTCPPort = String(l.lab.devices[1]!.ports.telnet);
  await Deno.writeTextFile(l.env.NETDEVICES_SOURCE!, JSON.stringify(records));
  await using t = await Tmux.start(`${GONG} --oob ios-cisco-001`, l.env);
  const s = await t.waitFor(/Username:\s*$/m);
  match(s, /OOB Information for ios-cisco-001:\ntelnet 127\.0\.0\.1 \d+\nConnecting you now\.\.\./);
  await t.type("\r~.");
  assertTerminalRestored(await t.waitFor(EXITED));
});

Deno.test("gong without a terminal: candidates listed, unknown host keys refused (exit 2)", async () => {
  await using l = await labDir({ devices: 2, vendors: ["cisco_ios"] });
  const menu = await trigger(l.env, ["gong", "ios"]);
  strictEqual(menu.code, 2);
  match(menu.err, /ios-cisco-001:\d+/);
  match(menu.err, /ios-cisco-002:\d+/);
  await Deno.writeTextFile(l.knownHosts, "");
  const hk = await trigger(l.env, ["gong", "ios-cisco-001"]);
  strictEqual(hk.code, 2);
  match(hk.err, /\[HOSTKEY_UNKNOWN\]/);
  ok(!hk.err.includes("(yes/no)"));
});
