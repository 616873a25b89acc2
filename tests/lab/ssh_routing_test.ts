/** The lab's SSH frontend routes each connection to the device whose port it reached. */
import { ok } from "node:assert/strict";
import { connect as tcpConnect, type Socket } from "node:net";
import { startLab } from "../../lib/lab/mod.ts";
import { openShell } from "./_ssh_client.ts";

function socketFrom(localPort: number, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = tcpConnect({ host: "127.0.0.1", port, localAddress: "127.0.0.1", localPort });
    s.once("connect", () => resolve(s));
    s.once("error", reject);
  });
}

/** `p`, or a rejection after `ms` (a misrouted client waits for a shell that never comes). */
async function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no shell within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

Deno.test("lab SSH: two clients on one source port reach their own devices", async () => {
  // Linux gives one ephemeral port to connections towards different
  // destinations, so a fleet job sees this; the lab once told such clients
  // apart by peer address and port only, and sent one to the other's device.
  await using lab = await startLab({
    devices: 2,
    vendors: ["cisco_nxos", "brocade_vdx"],
    telnet: false,
  });
  const { username, password } = lab.credentials;
  for (let attempt = 0;; attempt++) {
    const local = 20_000 + Math.floor(Math.random() * 10_000);
    let socks: Socket[];
    try {
      socks = await Promise.all(lab.devices.map((d) => socketFrom(local, d.ports.ssh)));
    } catch (e) {
      if (attempt < 5) continue; // that local port was taken: try another
      throw e;
    }
    const shells = await within(
      20_000,
      Promise.all(
        lab.devices.map((d, i) =>
          openShell({ port: d.ports.ssh, username, password, sock: socks[i] })
        ),
      ),
    ).catch((e) => {
      for (const s of socks) s.destroy();
      throw e;
    });
    try {
      await Promise.all(lab.devices.map(async (d, i) => {
        const prompt = await shells[i]!.waitFor(/\S+[#>]\s?$/);
        ok(prompt.startsWith(d.name), `${d.name} answered as ${prompt}`);
      }));
    } finally {
      for (const sh of shells) sh.close();
    }
    return;
  }
});
