/** `trigger lab up` as a user runs it: files written, SIGINT stops it cleanly. */
import { ok, strictEqual } from "node:assert/strict";
import { CredentialStore } from "../../lib/credentials/mod.ts";

Deno.test("trigger lab up writes inventory, credentials, known_hosts, lab.json and stops on SIGINT", async () => {
  const dir = await Deno.makeTempDir({ prefix: "lab-up-" });
  const main = new URL("../../cli/main.ts", import.meta.url).pathname;
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      main,
      "lab",
      "up",
      "--devices",
      "4",
      "--out",
      dir,
      "--faults",
      "slowOutput=100",
    ],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let text = "";
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  try {
    while (!text.includes("Press Ctrl-C")) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    ok(text.includes("Lab up: 4 devices"), text);
    const inventory = JSON.parse(await Deno.readTextFile(`${dir}/netdevices.json`));
    strictEqual(inventory.length, 4);
    strictEqual(inventory[0].adminStatus, "PRODUCTION");
    strictEqual(inventory[1].platform, "juniper_junos");
    strictEqual(inventory[1].connectProtocol, "netconf");
    const lab = JSON.parse(await Deno.readTextFile(`${dir}/lab.json`));
    const known = await Deno.readTextFile(`${dir}/known_hosts`);
    ok(known.startsWith(`[127.0.0.1]:${inventory[0].nodePort} ssh-ed25519 AAAA`));
    const store = await CredentialStore.open({
      path: `${dir}/credentials`,
      keyFile: `${dir}/credentials.key`,
    });
    const creds = await store.get("lab");
    strictEqual(creds?.password.reveal(), lab.password);
    strictEqual(lab.devices[3].faults.slowOutput, 100);
    child.kill("SIGINT");
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    const status = await child.status;
    strictEqual(status.code, 0);
    ok(text.includes("Lab stopped."));
  } finally {
    reader.releaseLock();
    await child.stderr.cancel();
    try {
      child.kill();
    } catch { /* already gone */ }
    await Deno.remove(dir, { recursive: true });
  }
});
