/** Every fault gives its symptom to a real ssh2 client. */
import { ok, rejects, strictEqual } from "node:assert/strict";
import { connect as tcp } from "node:net";
import { startLab } from "../../lib/lab/mod.ts";
import { connect, openShell } from "./_ssh_client.ts";

const LEGACY = {
  kex: ["diffie-hellman-group14-sha1"],
  cipher: ["aes128-cbc"],
  serverHostKey: ["ssh-rsa"],
  hmac: ["hmac-sha1"],
};

Deno.test("lab faults show their symptoms", async (t) => {
  await using lab = await startLab({
    devices: [
      { platform: "cisco_ios", name: "ok1" },
      { platform: "cisco_ios", name: "badpw", faults: { wrongPassword: true } },
      { platform: "cisco_ios", name: "refused", faults: { refused: true } },
      { platform: "cisco_ios", name: "hang", faults: { hang: "connect" } },
      { platform: "cisco_ios", name: "stall", faults: { hang: "login" } },
      { platform: "cisco_ios", name: "slow", faults: { slowOutput: 400 } },
      { platform: "cisco_ios", name: "cut", faults: { disconnectAfterBytes: 3 } },
      { platform: "cisco_ios", name: "noise", faults: { garbage: true } },
      { platform: "cisco_ios", name: "sticky", faults: { stickyPager: true } },
      { platform: "cisco_ios", name: "legacy", faults: { legacyAlgorithms: true } },
      { platform: "cisco_ios", name: "midpush", faults: { disconnectMidPush: true } },
    ],
  });
  const { username, password, enablePassword } = lab.credentials;
  const port = (name: string) => lab.device(name).ports.ssh;
  const login = (name: string, extra = {}) =>
    openShell({ port: port(name), username, password, ...extra });

  await t.step("wrongPassword: authentication fails", async () => {
    await rejects(connect({ port: port("badpw"), username, password }), /authentication/i);
  });
  await t.step("refused: connection refused", async () => {
    await rejects(connect({ port: port("refused"), username, password }), /ECONNREFUSED|refused/i);
  });
  await t.step("hang connect: TCP accepted, no SSH banner", async () => {
    const s = tcp({ host: "127.0.0.1", port: port("hang") });
    let got = 0;
    s.on("data", (d: Uint8Array) => got += d.length);
    await new Promise((r) => s.once("connect", r));
    await new Promise((r) => setTimeout(r, 500));
    s.destroy();
    strictEqual(got, 0);
    const ok1 = tcp({ host: "127.0.0.1", port: port("ok1") });
    const banner = await new Promise<string>((r) => ok1.once("data", (d) => r(String(d))));
    ok1.destroy();
    ok(banner.startsWith("SSH-2.0-Cisco-1.25"), banner);
  });
  await t.step("hang login: logged in, never a prompt", async () => {
    const sh = await login("stall");
    await rejects(sh.waitFor(/stall>/, 0, 700), /timeout/);
    sh.close();
  });
  await t.step("slowOutput: output still arrives whole", async () => {
    const sh = await login("slow");
    await sh.waitFor(/slow>$/);
    sh.close();
  });
  await t.step("disconnectAfterBytes: closed before the prompt", async () => {
    const sh = await login("cut");
    await sh.waitClosed();
    ok(sh.text.length <= 3 && !sh.text.includes("cut>"));
    sh.close();
  });
  await t.step("garbage: random bytes before the prompt", async () => {
    const sh = await login("noise");
    await sh.waitFor(/noise>$/);
    ok(sh.text.startsWith("\x1b[?"));
    sh.close();
  });
  await t.step("stickyPager: terminal length 0 does not stop paging", async () => {
    const sh = await login("sticky");
    await sh.waitFor(/sticky>$/);
    sh.send("terminal length 0\r");
    await sh.waitFor(/sticky>$/, sh.text.length);
    const at = sh.text.length;
    sh.send("show version\r");
    await sh.waitFor(/ --More-- $/, at);
    sh.close();
  });
  await t.step("legacyAlgorithms: modern-only client fails, legacy client logs in", async () => {
    await rejects(connect({ port: port("legacy"), username, password }), /handshake|algorithm/i);
    const sh = await login("legacy", { algorithms: LEGACY });
    await sh.waitFor(/legacy>$/);
    sh.close();
  });
  await t.step("disconnectMidPush: third configuration line drops the session", async () => {
    const sh = await login("midpush");
    await sh.waitFor(/midpush>$/);
    sh.send(`enable\r${enablePassword}\rconfigure terminal\r`);
    await sh.waitFor(/\(config\)#$/);
    sh.send("ip domain name a.example\rip name-server 192.0.2.1\rntp server 192.0.2.2\r");
    await sh.waitClosed();
    sh.close();
  });
});
