/** One process serves 1,000 devices; a sample of them answers logins. */
import { ok, strictEqual } from "node:assert/strict";
import { startLab } from "../../lib/lab/mod.ts";
import { openShell } from "./_ssh_client.ts";

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
      await sh.waitFor(new RegExp(`${d.name}\\S*\\s?$`));
      ok(sh.text.includes(d.name));
    } finally {
      sh.close();
    }
  }));
});
