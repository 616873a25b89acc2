/**
 * execCommand() returns complete stdout, stderr and the exit status even
 * when the channel closes right behind the last data (many exec channels at
 * a time on one connection, against real OpenSSH).
 */
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { openSshConnection } from "../../lib/transport/ssh.ts";
import { startSshd, TEST_PASSWORD, TEST_USER } from "../_servers/sshd.ts";

Deno.test("execCommand() waits for exit status, both streams' end and the close", async () => {
  await using sshd = await startSshd();
  const conn = await openSshConnection(
    { host: "r1", address: "127.0.0.1", port: sshd.port, connectTimeoutMs: 5000 },
    {
      username: TEST_USER,
      password: TEST_PASSWORD,
      agent: false,
      loginTimeoutMs: 10_000,
      knownHostsPath: sshd.knownHostsPath,
    },
  );
  try {
    // small outputs written just before exit (the racy case), and large ones;
    // 8 channels at a time (sshd's MaxSessions is 10), three rounds
    const runs = [];
    for (let round = 0; round < 3; round++) {
      runs.push(
        ...await Promise.all(Array.from({ length: 8 }, (_, k) => {
          const i = round * 8 + k;
          const big = i % 3 === 0;
          const cmd = big
            ? `head -c 150000 /dev/zero | tr '\\0' o; printf e${i} >&2; exit ${i % 7}`
            : `printf o${i}; printf e${i} >&2; exit ${i % 7}`;
          return conn.execCommand(cmd, { timeoutMs: 20_000 }).then((r) => ({ i, big, r }));
        })),
      );
    }
    for (const { i, big, r } of runs) {
      if (big) {
        strictEqual(r.stdout.length, 150000, `run ${i}`);
        strictEqual(r.stdout.replaceAll("o", ""), "");
      } else strictEqual(r.stdout, `o${i}`);
      deepStrictEqual([r.stderr, r.exitCode], [`e${i}`, i % 7], `run ${i}`);
    }
  } finally {
    await conn.close();
  }
});
