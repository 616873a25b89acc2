/**
 * executeNetconf(): Junos commands and RPCs over NETCONF through the public
 * API, against the lab's Junos emulator (NETCONF on the SSH port) and a real
 * NETCONF server (Debian netconfd).
 */
import { deepStrictEqual, match, ok, rejects, strictEqual } from "node:assert/strict";
import { startLab } from "../../lib/lab/mod.ts";
import { CommandFailedError, executeNetconf } from "../../lib/session/mod.ts";
import { isTriggerError } from "../../lib/errors.ts";
import { startNetconfd } from "../_servers/netconfd.ts";

const TIMEOUTS = { connectTimeoutMs: 3000, commandTimeoutMs: 4000 };

Deno.test("executeNetconf() runs CLI text and RPCs on the lab's Junos", async (t) => {
  await using lab = await startLab({
    devices: [{ platform: "juniper_junos", name: "mx9" }],
    telnet: false,
  });
  const dev = lab.devices[0]!;
  const dir = await Deno.makeTempDir({ prefix: "nc-exec-" });
  await Deno.writeTextFile(`${dir}/known_hosts`, lab.knownHosts());
  const target = {
    name: dev.name,
    address: dev.address,
    port: dev.ports.ssh,
    platform: "juniper_junos",
  };
  const options = {
    credentials: { username: lab.credentials.username, password: lab.credentials.password },
    knownHostsPath: `${dir}/known_hosts`,
    ...TIMEOUTS,
  };
  try {
    await t.step("show version as text, get-software-information as XML", async () => {
      const rs = await executeNetconf(
        target,
        ["show version", "<get-software-information/>"],
        options,
      );
      deepStrictEqual(rs.map((r) => [r.command, r.failed]), [
        ["show version", false],
        ["<get-software-information/>", false],
      ]);
      match(rs[0]!.output, /^Hostname: mx9\nModel: mx204/);
      match(rs[1]!.output, /^<software-information>[\s\S]*<host-name>mx9<\/host-name>/);
      ok(!rs[1]!.output.includes("rpc-reply"));
      match(rs[1]!.raw, /<rpc-reply/);
      ok(rs.every((r) => r.startedAt instanceof Date && r.elapsedMs >= 0));
    });
    await t.step("an rpc-error is CommandFailedError, or a failed result withErrors", async () => {
      await rejects(executeNetconf(target, ["show version", "show bogus"], options), (e) => {
        ok(e instanceof CommandFailedError);
        deepStrictEqual(e.results.map((r) => r.failed), [false, true]);
        match(e.result.output, /syntax error|unknown command/);
        return true;
      });
      const rs = await executeNetconf(target, ["<bogus-rpc/>", "show version"], {
        ...options,
        withErrors: true,
      });
      deepStrictEqual(rs.map((r) => r.failed), [true, false]);
    });
    await t.step("strict host keys: an unknown device is HOSTKEY_UNKNOWN", async () => {
      await Deno.writeTextFile(`${dir}/empty`, "");
      await rejects(
        executeNetconf(target, ["show version"], { ...options, knownHostsPath: `${dir}/empty` }),
        (e) => isTriggerError(e, "HOSTKEY_UNKNOWN"),
      );
    });
    await t.step("a changed host key is HOSTKEY_MISMATCH naming both fingerprints", async () => {
      const other = await startLab({ devices: [{ platform: "juniper_junos", name: "mx9" }] });
      await other.stop();
      // the other lab's key, recorded for this device's address and port
      const line = other.knownHosts().trim().replace(/^\S+/, `[127.0.0.1]:${dev.ports.ssh}`);
      await Deno.writeTextFile(`${dir}/changed`, line + "\n");
      await rejects(
        executeNetconf(target, ["show version"], { ...options, knownHostsPath: `${dir}/changed` }),
        (e) => {
          ok(isTriggerError(e, "HOSTKEY_MISMATCH"));
          ok(e.message.includes(lab.hostKey.fingerprint), e.message);
          ok(e.message.includes(other.hostKey.fingerprint), e.message);
          return true;
        },
      );
      // policy off connects anyway
      const rs = await executeNetconf(target, ["show version"], {
        ...options,
        knownHostsPath: `${dir}/changed`,
        hostKeyPolicy: "off",
      });
      match(rs[0]!.output, /^Hostname: mx9/);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("executeNetconf() sends standard RPCs to a real NETCONF server (netconfd)", async (t) => {
  const srv = await startNetconfd();
  if (srv === undefined) {
    await t.step({ name: "needs root to create the test user", ignore: true, fn: () => {} });
    return;
  }
  await using _ = srv;
  const target = { name: "nc1", address: "127.0.0.1", port: srv.port, platform: "juniper_junos" };
  const options = {
    credentials: { username: srv.username, password: srv.password },
    knownHostsPath: srv.knownHostsPath,
    ...TIMEOUTS,
    commandTimeoutMs: 10_000,
  };
  const rs = await executeNetconf(target, [
    "<get-config><source><running/></source></get-config>",
    "show version",
  ], { ...options, withErrors: true });
  strictEqual(rs[0]!.failed, false);
  match(rs[0]!.output, /^<data/);
  // netconfd is not Junos: the CLI command is an rpc-error, reported per command
  strictEqual(rs[1]!.failed, true);
  ok(rs[1]!.output.length > 0);
});
