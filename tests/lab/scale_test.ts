/** One process serves 1,000 devices; a sample of them answers logins. */
import { strictEqual } from "node:assert/strict";
import { startLab } from "../../lib/lab/mod.ts";
import { LAB_PLATFORMS } from "../../lib/lab/devices/registry.ts";
import { openShell } from "./_ssh_client.ts";

/** The first prompt a device shows (some carry no host name: Avocent's `--:- / cli-> `). */
function firstPrompt(platform: string, name: string, username: string): RegExp {
  const p = LAB_PLATFORMS[platform]!;
  const text = p.modes.find((m) => m.name === p.initialMode)!.prompt
    .replaceAll("{{hostname}}", name).replaceAll("{{username}}", username);
  return new RegExp(`${text.trimEnd().replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s?$`);
}

Deno.test("startLab() serves 1,000 devices in one process; a sample logs in", async () => {
  await using lab = await startLab({ devices: 1000, telnet: false });
  strictEqual(lab.devices.length, 1000);
  strictEqual(new Set(lab.devices.map((d) => d.ports.ssh)).size, 1000);
  strictEqual(new Set(lab.devices.map((d) => d.name)).size, 1000);
  const { username, password } = lab.credentials;
  const sample = lab.devices.filter((_, i) => i % 50 === 7);
  await Promise.all(sample.map(async (d) => {
    const sh = await openShell({ port: d.ports.ssh, username, password });
    try {
      await sh.waitFor(firstPrompt(d.platform, d.name, username));
    } finally {
      sh.close();
    }
  }));
});
