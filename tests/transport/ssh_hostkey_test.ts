import { match, ok, rejects, strictEqual } from "node:assert/strict";
import { openSshConnection } from "../../lib/transport/ssh.ts";
import type { HostKeyEvent } from "../../lib/transport/host_key_policy.ts";
import { fingerprintSha256, parseKnownHosts } from "../../lib/transport/known_hosts.ts";
import { isTriggerError } from "../../lib/errors.ts";
import { startSshd, TEST_PASSWORD, TEST_USER } from "../_servers/sshd.ts";

const auth = { username: TEST_USER, password: TEST_PASSWORD, agent: false as const };
const target = (port: number) => ({ host: "r1", address: "127.0.0.1", port });

Deno.test("openSshConnection() refuses a changed host key, naming both fingerprints", async () => {
  await using real = await startSshd({ hostKeyTypes: ["ed25519"] });
  await using other = await startSshd({ hostKeyTypes: ["ed25519"] });
  const known = `${real.dir}/kh_wrong`;
  await Deno.writeTextFile(known, `[127.0.0.1]:${real.port} ${other.hostKeys.ed25519}\n`);
  const presented = fingerprintSha256(real.hostKeys.ed25519!.split(" ")[1]!);
  const recorded = fingerprintSha256(other.hostKeys.ed25519!.split(" ")[1]!);
  await rejects(openSshConnection(target(real.port), { ...auth, knownHostsPath: known }), (e) => {
    ok(isTriggerError(e, "HOSTKEY_MISMATCH"));
    strictEqual(e.host, "r1");
    ok(e.message.includes(presented), e.message);
    ok(e.message.includes(recorded), e.message);
    return true;
  });
});

Deno.test("openSshConnection() under strict refuses an unknown host", async () => {
  await using sshd = await startSshd();
  const known = `${sshd.dir}/kh_empty`;
  await rejects(
    openSshConnection(target(sshd.port), {
      ...auth,
      knownHostsPath: known,
      hostKeyPolicy: "strict",
    }),
    (e) => isTriggerError(e, "HOSTKEY_UNKNOWN") && /SHA256:/.test(e.message),
  );
});

Deno.test("openSshConnection() under accept-new records the key and reports it", async () => {
  await using sshd = await startSshd({ hostKeyTypes: ["ed25519"] });
  const known = `${sshd.dir}/kh_new`;
  const events: HostKeyEvent[] = [];
  const opts = { ...auth, knownHostsPath: known, hostKeyPolicy: "accept-new" as const };
  const conn = await openSshConnection(target(sshd.port), {
    ...opts,
    onHostKeyEvent: (e) => events.push(e),
  });
  await conn.close();
  strictEqual(events.length, 1);
  strictEqual(events[0]!.type, "added");
  match(events[0]!.message, /^Permanently added '\[127\.0\.0\.1\]:\d+' \(ssh-ed25519\)/);
  const entries = parseKnownHosts(await Deno.readTextFile(known));
  strictEqual(entries.length, 1);
  strictEqual(`${entries[0]!.keyType} ${entries[0]!.key}`, sshd.hostKeys.ed25519);
  strictEqual((await Deno.stat(known)).mode! & 0o777, 0o600);
  // second time: verified, nothing added; strict now accepts it too
  const again = await openSshConnection(target(sshd.port), {
    ...opts,
    hostKeyPolicy: "strict",
    onHostKeyEvent: (e) => events.push(e),
  });
  await again.close();
  strictEqual(events[1]!.type, "verified");
  strictEqual(parseKnownHosts(await Deno.readTextFile(known)).length, 1);
});

Deno.test("openSshConnection() accept-new asks first when given a hook", async () => {
  await using sshd = await startSshd({ hostKeyTypes: ["ed25519"] });
  const known = `${sshd.dir}/kh_ask`;
  const asked: string[] = [];
  await rejects(
    openSshConnection(target(sshd.port), {
      ...auth,
      knownHostsPath: known,
      hostKeyPolicy: "accept-new",
      askHostKey: (q) => {
        asked.push(q.fingerprint);
        return false;
      },
    }),
    (e) => isTriggerError(e, "HOSTKEY_UNKNOWN"),
  );
  strictEqual(asked.length, 1);
  await rejects(Deno.stat(known), Deno.errors.NotFound);
});

Deno.test("openSshConnection() refuses a @revoked key even when also listed", async () => {
  await using sshd = await startSshd({ hostKeyTypes: ["ed25519"] });
  const known = `${sshd.dir}/kh_revoked`;
  await Deno.writeTextFile(
    known,
    `[127.0.0.1]:${sshd.port} ${sshd.hostKeys.ed25519}\n@revoked * ${sshd.hostKeys.ed25519}\n`,
  );
  await rejects(
    openSshConnection(target(sshd.port), { ...auth, knownHostsPath: known }),
    (e) => isTriggerError(e, "HOSTKEY_MISMATCH") && /revoked/.test(e.message),
  );
});

Deno.test("openSshConnection() with policy off connects and reports it unchecked", async () => {
  await using sshd = await startSshd();
  const events: string[] = [];
  const conn = await openSshConnection(target(sshd.port), {
    ...auth,
    knownHostsPath: `${sshd.dir}/none`,
    hostKeyPolicy: "off",
    onHostKeyEvent: (e) => events.push(e.type),
  });
  await conn.close();
  strictEqual(events[0], "unchecked");
});

Deno.test("openSshConnection() needs the legacy option for an old-algorithm server", async () => {
  await using sshd = await startSshd({
    hostKeyTypes: ["rsa"],
    extraConfig: [
      "KexAlgorithms diffie-hellman-group14-sha1",
      "Ciphers aes128-cbc",
      "MACs hmac-sha1",
      "HostKeyAlgorithms ssh-rsa",
    ],
  });
  const opts = { ...auth, knownHostsPath: sshd.knownHostsPath, loginTimeoutMs: 5000 };
  await rejects(
    openSshConnection(target(sshd.port), opts),
    (e) => isTriggerError(e, "PROTOCOL_ERROR") && /legacy/.test(e.message),
  );
  const conn = await openSshConnection(target(sshd.port), { ...opts, legacyAlgorithms: true });
  try {
    strictEqual((await conn.execCommand("echo legacy")).stdout, "legacy\n");
  } finally {
    await conn.close();
  }
});

Deno.test("openSshConnection() reaches a target through a jump host, checking both keys", async () => {
  await using jump = await startSshd({ extraConfig: ["AllowTcpForwarding yes"] });
  await using dest = await startSshd({ hostKeyTypes: ["ed25519"] });
  const known = `${dest.dir}/kh_both`;
  await Deno.writeTextFile(
    known,
    (await Deno.readTextFile(jump.knownHostsPath)) + (await Deno.readTextFile(dest.knownHostsPath)),
  );
  const events: string[] = [];
  const conn = await openSshConnection(target(dest.port), {
    ...auth,
    knownHostsPath: known,
    onHostKeyEvent: (e) => events.push(`${e.type} ${e.spec}`),
    jumpHost: { host: "bastion", address: "127.0.0.1", port: jump.port, ...auth },
  });
  try {
    strictEqual((await conn.execCommand("echo through")).stdout, "through\n");
  } finally {
    await conn.close();
  }
  strictEqual(events.length, 2);
  ok(events[0]!.includes(`:${jump.port}`) && events[1]!.includes(`:${dest.port}`), events.join());
  match(jump.log(), /direct-tcpip|Accepted password/);
  // an unknown target key behind a known jump host is still refused
  await Deno.writeTextFile(known, await Deno.readTextFile(jump.knownHostsPath));
  await rejects(
    openSshConnection(target(dest.port), {
      ...auth,
      knownHostsPath: known,
      jumpHost: { host: "bastion", address: "127.0.0.1", port: jump.port, ...auth },
    }),
    (e) => isTriggerError(e, "HOSTKEY_UNKNOWN") && e.host === "r1",
  );
});
