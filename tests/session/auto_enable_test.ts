import { strictEqual } from "node:assert/strict";
import { startLab } from "../../lib/lab/mod.ts";
import { autoEnable, openInteractive } from "../../lib/session/mod.ts";

Deno.test("autoEnable: IOS from '>' to '#', none without an enable password, a wrong one reported", async (t) => {
  await using lab = await startLab({
    devices: 2,
    vendors: ["cisco_ios", "juniper_junos"],
    telnet: false,
  });
  const { username, password, enablePassword } = lab.credentials;
  const at = (i: number) => {
    const d = lab.devices[i]!;
    return { name: d.name, address: d.address, port: d.ports.ssh, platform: d.platform };
  };
  const run = async (i: number, enable: string | undefined) => {
    const credentials = {
      username,
      password,
      ...(enable === undefined ? {} : { enablePassword: enable }),
    };
    let screen = "";
    const shell = await openInteractive(at(i), { credentials, hostKeyPolicy: "off" });
    try {
      const r = await autoEnable(shell, at(i), { credentials, onData: (s) => void (screen += s) });
      return { r, screen };
    } finally {
      await shell.close();
    }
  };
  await t.step("enable password known: privileged, and the screen saw it all", async () => {
    const { r, screen } = await run(0, enablePassword);
    strictEqual(r.enabled, true);
    strictEqual(r.mode, "privileged");
    strictEqual(
      /ios-cisco-001>enable[\s\S]*Password:[\s\S]*ios-cisco-001#$/.test(screen),
      true,
      screen,
    );
    strictEqual(screen.includes(enablePassword), false, "the password is never on the screen");
  });
  await t.step("no enable password: left at '>'", async () => {
    const { r } = await run(0, undefined);
    strictEqual(r.enabled, false);
    strictEqual(r.mode, "exec");
    strictEqual(r.error, undefined);
  });
  await t.step("wrong enable password: AUTH_FAILED reported, not thrown", async () => {
    const { r } = await run(0, "not-the-secret");
    strictEqual(r.enabled, false);
    strictEqual(r.error?.code, "AUTH_FAILED");
  });
  await t.step("Junos: nothing to enable", async () => {
    const { r } = await run(1, enablePassword);
    strictEqual(r.enabled, false);
    strictEqual(r.mode, "exec"); // Junos operational mode, "host>"
  });
});
