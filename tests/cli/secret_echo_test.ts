/**
 * A device that echoes the enable password back, broken up (across a line
 * break, in colour, with backspaces, overwritten by a carriage return), then
 * hangs or hangs up: the error the CLI reports (text and `--json`) shows the
 * last output with the password masked, never a piece of it.
 */
import { ok, strictEqual } from "node:assert/strict";
import { type FakeSshServer, startFakeSsh } from "../_servers/ssh2_fake.ts";
import { CredentialStore } from "../../lib/credentials/mod.ts";
import { trigger } from "./_lab_dir.ts";

const ENABLE = "Sup3rSecretPW!";
const LOGIN = "L0ginPassw0rd#9";

/** How each fake device echoes the enable password, and what it does next. */
const ECHOES: Record<string, { echo: string; then: "hang" | "close" }> = {
  "echo-split": { echo: "Sup3rSe\r\ncretPW!\r\n", then: "hang" },
  "echo-colour": { echo: "\x1b[1;31mSup3r\x1b[0m\x1b[32mSecret\x1b[0mPW!\r\n", then: "close" },
  "echo-backspace": { echo: "Sup3rSex\b \bcretP\b*W\b*!\b*\r\n", then: "hang" },
  "echo-overwrite": { echo: "Sup3rSe\rcretPW!\r\n", then: "close" },
};

/** A fake IOS-like device over SSH: `fake>`, then `enable` asks a password and echoes it. */
function fakeDevice(echo: string, then: "hang" | "close"): Promise<FakeSshServer> {
  // deno-lint-ignore no-explicit-any
  return startFakeSsh((client: any) => {
    // deno-lint-ignore no-explicit-any
    client.on("authentication", (ctx: any) => {
      if (ctx.method === "password" && ctx.password === LOGIN) ctx.accept();
      else ctx.reject(["password"]);
    });
    // deno-lint-ignore no-explicit-any
    client.on("session", (accept: any) => {
      const session = accept();
      // deno-lint-ignore no-explicit-any
      session.on("pty", (ok: any) => ok?.());
      // deno-lint-ignore no-explicit-any
      session.on("shell", (ok: any) => {
        const ch = ok();
        let line = "";
        let asked = false;
        ch.write("\r\nfake>");
        ch.on("data", (d: Uint8Array) => {
          for (const c of new TextDecoder().decode(d)) {
            if (c !== "\r" && c !== "\n") {
              line += c;
              continue;
            }
            const input = line.trim();
            line = "";
            if (asked) {
              // the password answer: echoed back in pieces, then nothing or a hang-up
              ch.write(input === ENABLE ? echo : "% Bad secrets\r\n");
              if (then === "close") ch.close();
              return;
            }
            if (input === "enable") {
              asked = true;
              ch.write("enable\r\nPassword: ");
            } else ch.write(`${input}\r\nfake>`);
          }
        });
      });
    });
  });
}

/** Every 5-character piece of a secret: none may appear. */
function pieces(secret: string): string[] {
  return Array.from({ length: secret.length - 4 }, (_, i) => secret.slice(i, i + 5));
}

Deno.test("run-cmds errors (text and --json) mask a password the device echoes split, coloured, with backspaces", async () => {
  const devices = await Promise.all(
    Object.values(ECHOES).map((e) => fakeDevice(e.echo, e.then)),
  );
  const dir = await Deno.makeTempDir({ prefix: "secret-echo-" });
  try {
    const names = Object.keys(ECHOES);
    await Deno.writeTextFile(
      `${dir}/netdevices.json`,
      JSON.stringify(names.map((nodeName, i) => ({
        nodeName,
        address: "127.0.0.1",
        nodePort: String(devices[i]!.port),
        platform: "cisco_ios",
        manufacturer: "CISCO SYSTEMS",
      }))),
    );
    const store = await CredentialStore.open({
      path: `${dir}/credentials`,
      keyFile: `${dir}/credentials.key`,
    });
    await store.set("default", { username: "ops", password: LOGIN, enablePassword: ENABLE });
    const env = {
      NETDEVICES_SOURCE: `${dir}/netdevices.json`,
      TACACSRC: `${dir}/credentials`,
      TACACSRC_KEYFILE: `${dir}/credentials.key`,
      TRIGGER_SETTINGS: `${dir}/settings.json`,
      TRIGGER_KNOWN_HOSTS: `${dir}/known_hosts`,
      // the session's wait ends first, so its error (with the last output) is reported
      COMMAND_TIMEOUT_MS: "1500",
      NO_COLOR: "1",
    };
    await Deno.writeTextFile(`${dir}/settings.json`, "{}");
    const args = ["run-cmds", "-c", "show clock", "--accept-new-hostkeys", "--timeout", "30"];
    const json = await trigger(env, [...args, "--json", ...names]);
    const text = await trigger(env, [...args, ...names]);
    strictEqual(json.code, 1, json.err);
    strictEqual(text.code, 1, text.err);
    const errors = JSON.parse(json.out).errors as Record<string, { code: string; message: string }>;
    for (const name of names) {
      const e = errors[name];
      ok(e !== undefined, `${name}: ${json.out}`);
      const expected = ECHOES[name]!.then === "hang" ? "TIMEOUT" : "TRANSPORT_CLOSED";
      strictEqual(e.code, expected, e.message);
      // the echo was there, masked
      ok(e.message.includes("***"), `${name}: ${e.message}`);
    }
    for (const [what, out] of [["json", json.out + json.err], ["text", text.out + text.err]]) {
      for (const secret of [ENABLE, LOGIN]) {
        for (const p of pieces(secret)) {
          ok(!out!.includes(p), `${what} output shows "${p}": ${out}`);
        }
      }
    }
  } finally {
    for (const d of devices) await d[Symbol.asyncDispose]();
    await Deno.remove(dir, { recursive: true });
  }
});
