/**
 * Real NETCONF clients (ncclient, PyEZ from Debian's python3) against the
 * lab's Junos emulator, plus a raw base:1.0 exchange through ssh2.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { startLab } from "../../lib/lab/mod.ts";

const PY = new URL("./_py/", import.meta.url).pathname;

async function python(script: string, args: string[]): Promise<Record<string, unknown>> {
  const out = await new Deno.Command("/usr/bin/python3", {
    args: [PY + script, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  if (!out.success) throw new Error(`${script} failed: ${new TextDecoder().decode(out.stderr)}`);
  return JSON.parse(text.trim().split("\n").at(-1)!);
}

Deno.test("ncclient: get-config, a Junos RPC, lock + load + commit, unknown RPC error", async () => {
  await using lab = await startLab({ devices: [{ platform: "juniper_junos", name: "mx1" }] });
  const { username, password } = lab.credentials;
  const r = await python("ncclient_check.py", [
    String(lab.devices[0]!.ports.ssh),
    username,
    password,
  ]);
  deepStrictEqual(r, {
    base11: true,
    hostname: "mx1",
    version: "20.4R3-S2.6",
    load_ok: true,
    building: "lab-42",
    unknown_rpc: "RPCError",
  });
});

Deno.test("PyEZ Device.open() with facts, an RPC and cli() work against the emulator", async () => {
  await using lab = await startLab({ devices: [{ platform: "juniper_junos", name: "mx2" }] });
  const { username, password } = lab.credentials;
  const r = await python("pyez_check.py", [String(lab.devices[0]!.ports.ssh), username, password]);
  strictEqual(r["version"], "20.4R3-S2.6");
  strictEqual(r["hostname"], "mx2");
  strictEqual(r["model"], "MX204");
  strictEqual(r["master"], "RE0");
  strictEqual(r["personality"], "MX");
  strictEqual(r["rpc_host"], "mx2");
  ok(String(r["cli"]).includes("Hostname: mx2"));
});

Deno.test("ncclient: commit confirmed rolls back, lock held by another session is refused", async () => {
  await using lab = await startLab({ devices: [{ platform: "juniper_junos", name: "mx3" }] });
  const { username, password } = lab.credentials;
  const r = await python("ncclient_confirm.py", [
    String(lab.devices[0]!.ports.ssh),
    username,
    password,
  ]);
  deepStrictEqual(r, { during: "b-confirm", after: null, lock_denied: true });
});

Deno.test("ncclient: a device with the rejectConfig fault answers rpc-error to load", async () => {
  await using lab = await startLab({
    devices: [{ platform: "juniper_junos", name: "mx4", faults: { rejectConfig: true } }],
  });
  const { username, password } = lab.credentials;
  const r = await python("ncclient_reject.py", [
    String(lab.devices[0]!.ports.ssh),
    username,
    password,
  ]);
  deepStrictEqual(r, { load: "RPCError", get_config_ok: true });
});
