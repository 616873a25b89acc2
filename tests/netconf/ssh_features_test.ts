/**
 * NETCONF is a subsystem of the one SSH client, so it gets every SSH
 * feature: a jump host (a real OpenSSH sshd started here), legacy
 * algorithms, keyboard-interactive, host key events. Against a real
 * NETCONF server (netconfd behind its own sshd) and the lab's Junos.
 */
import { match, ok, rejects, strictEqual } from "node:assert/strict";
import { isTriggerError } from "../../lib/errors.ts";
import { connectNetconf, type NetconfOptions } from "../../lib/netconf/mod.ts";
import type { HostKeyEvent } from "../../lib/transport/host_key_policy.ts";
import { startLab } from "../../lib/lab/mod.ts";
import { executeNetconf } from "../../lib/session/mod.ts";
import { settle, startNetconfd } from "../_servers/netconfd.ts";
import { type Sshd, startSshd, TEST_PASSWORD, TEST_USER } from "../_servers/sshd.ts";

/** sshd_config lines that leave only SHA-1 key exchange, CBC ciphers and SHA-1 MACs. */
const LEGACY_ONLY = [
  "KexAlgorithms diffie-hellman-group14-sha1",
  "Ciphers aes128-cbc",
  "MACs hmac-sha1",
];

/** The jump host options of a private sshd. */
function bastion(sshd: Sshd) {
  return {
    host: "bastion",
    address: "127.0.0.1",
    port: sshd.port,
    username: TEST_USER,
    password: TEST_PASSWORD,
    knownHostsPath: sshd.knownHostsPath,
  };
}

Deno.test("connectNetconf through a jump host (real sshd) to netconfd", async (t) => {
  const nc = await startNetconfd();
  if (!nc) {
    await t.step({ name: "needs root to create the test user", ignore: true, fn: () => {} });
    return;
  }
  await using _nc = nc;
  await using jump = await startSshd();
  const jumpHost = bastion(jump);
  const events: HostKeyEvent[] = [];
  const options: NetconfOptions = {
    username: nc.username,
    password: nc.password,
    knownHostsPath: nc.knownHostsPath,
    jumpHost,
    onHostKeyEvent: (e) => events.push(e),
    timeoutMs: 15_000,
  };

  await t.step("get-config through the bastion; both host keys checked", async () => {
    const client = await connectNetconf(
      { host: "nc1", address: "127.0.0.1", port: nc.port },
      options,
    );
    try {
      await settle(client);
      match((await client.getConfig()).xml, /<data/);
    } finally {
      await client.close();
    }
    match(jump.log(), new RegExp(`Accepted password for ${TEST_USER}`));
    ok(events.some((e) => e.type === "verified" && e.host === "bastion"), "bastion key checked");
    ok(events.some((e) => e.type === "verified" && e.host === "nc1"), "device key checked");
  });

  await t.step(
    "a bastion that may not forward: CONNECTION_REFUSED naming the bastion",
    async () => {
      await using closed = await startSshd({ extraConfig: ["AllowTcpForwarding no"] });
      await rejects(
        connectNetconf({ host: "nc1", address: "127.0.0.1", port: nc.port }, {
          ...options,
          jumpHost: { ...jumpHost, port: closed.port, knownHostsPath: closed.knownHostsPath },
        }),
        (e) => isTriggerError(e, "CONNECTION_REFUSED") && /bastion/.test(e.message),
      );
    },
  );
});

Deno.test("connectNetconf to a legacy-only sshd in front of netconfd needs legacyAlgorithms", async (t) => {
  const nc = await startNetconfd({ sshdConfig: LEGACY_ONLY });
  if (!nc) {
    await t.step({ name: "needs root to create the test user", ignore: true, fn: () => {} });
    return;
  }
  await using _nc = nc;
  const target = { host: "old-nc", address: "127.0.0.1", port: nc.port };
  const base = {
    username: nc.username,
    password: nc.password,
    knownHostsPath: nc.knownHostsPath,
    timeoutMs: 15_000,
  };
  await rejects(
    connectNetconf(target, base),
    (e) => isTriggerError(e, "PROTOCOL_ERROR") && /legacy/.test(e.message),
  );
  const client = await connectNetconf(target, { ...base, legacyAlgorithms: true });
  try {
    await settle(client);
    match((await client.getConfig()).xml, /<data/);
  } finally {
    await client.close();
  }
});

Deno.test("connectNetconf to the lab's Junos: legacy algorithms, through a jump host", async () => {
  await using lab = await startLab({
    devices: [{ platform: "juniper_junos", name: "mx-old", faults: { legacyAlgorithms: true } }],
    telnet: false,
  });
  await using jump = await startSshd();
  const d = lab.devices[0]!;
  const known = await Deno.makeTempFile();
  try {
    await Deno.writeTextFile(known, lab.knownHosts());
    const client = await connectNetconf({ host: d.name, address: d.address, port: d.ports.ssh }, {
      ...lab.credentials,
      knownHostsPath: known,
      legacyAlgorithms: true,
      jumpHost: bastion(jump),
    });
    try {
      const reply = await client.rpc("<get-software-information/>");
      match(reply.xml, /host-name>mx-old</);
    } finally {
      await client.close();
    }
    strictEqual(jump.log().includes(`Accepted password for ${TEST_USER}`), true);

    // the public executeNetconf() takes the device's sshOptions the same way
    const before = jump.log().split("\n").length;
    const [version] = await executeNetconf(
      {
        name: d.name,
        address: d.address,
        port: d.ports.ssh,
        platform: "juniper_junos",
        sshOptions: { jumpHost: bastion(jump), legacyAlgorithms: true },
      },
      ["show version"],
      { credentials: { ...lab.credentials }, knownHostsPath: known },
    );
    match(version!.output, /mx-old/);
    ok(jump.log().split("\n").slice(before - 1).join("\n").includes("Accepted password"));
  } finally {
    await Deno.remove(known);
  }
});
