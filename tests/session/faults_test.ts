/**
 * Client side of every lab fault (issue §4): execute() / executeNetconf() /
 * the NETCONF client against a faulty lab device gives its typed error (or
 * still works) within the configured timeouts. Timeouts are short so that no
 * case can hang; bounds on elapsed time are generous.
 */
import { match, ok, rejects, strictEqual } from "node:assert/strict";
import { type LabFaults, startLab } from "../../lib/lab/mod.ts";
import { execute, executeNetconf, openSession } from "../../lib/session/mod.ts";
import type { ExecuteOptions } from "../../lib/session/mod.ts";
import { connectNetconf, loadConfiguration } from "../../lib/netconf/mod.ts";
import { TriggerError } from "../../lib/errors.ts";

const T = { connectTimeoutMs: 1500, loginTimeoutMs: 1500, commandTimeoutMs: 1500 };
/** Nothing may take longer than all timeouts together plus slack. */
const BOUND_MS = 3 * 1500 + 4000;

type Target = { name: string; address: string; port: number; platform: string };
type Run = (target: Target, options: ExecuteOptions) => Promise<unknown>;

interface FaultCase {
  name: string;
  platform?: string;
  faults: LabFaults;
  /** Telnet instead of SSH. */
  telnet?: boolean;
  /** Error code expected, or `null` when the run succeeds. */
  code: string | null;
  run?: Run;
  options?: Partial<ExecuteOptions>;
  /** Checks a successful run's value, or the error's message. */
  check?: (v: unknown) => void;
}

const show: Run = (target, options) => execute(target, ["show version"], options);
const push: Run = async (target, options) => {
  await using s = await openSession(target, options);
  await s.enterMode("configuration");
  return await s.sendMany([
    "ip domain name a.example",
    "ip name-server 192.0.2.1",
    "ntp server 192.0.2.2",
  ]);
};
const netconfLoad: Run = async (target, options) => {
  const nc = await connectNetconf(
    { host: target.name, address: target.address, port: target.port, connectTimeoutMs: 1500 },
    {
      username: options.credentials.username,
      password: String(options.credentials.password),
      timeoutMs: 1500,
      ...(options.knownHostsPath ? { knownHostsPath: options.knownHostsPath } : {}),
    },
  );
  try {
    return await loadConfiguration(nc, "system { host-name x; }", { action: "merge" });
  } finally {
    await nc.close({ timeoutMs: 1000 });
  }
};
const versionOutput = (v: unknown) =>
  match((v as { output: string }[])[0]!.output, /^Cisco IOS Software/);

const CASES: FaultCase[] = [
  { name: "wrongPassword (SSH)", faults: { wrongPassword: true }, code: "AUTH_FAILED" },
  {
    name: "wrongPassword (Telnet)",
    faults: { wrongPassword: true },
    telnet: true,
    code: "AUTH_FAILED",
  },
  { name: "disconnectAfterBytes", faults: { disconnectAfterBytes: 3 }, code: "TRANSPORT_CLOSED" },
  {
    name: "disconnectAfterBytes (Telnet)",
    faults: { disconnectAfterBytes: 40 },
    telnet: true,
    code: "TRANSPORT_CLOSED",
  },
  { name: "hang=connect", faults: { hang: "connect" }, code: "TIMEOUT" },
  { name: "hang=connect (Telnet)", faults: { hang: "connect" }, telnet: true, code: "TIMEOUT" },
  { name: "hang=login", faults: { hang: "login" }, code: "TIMEOUT" },
  {
    name: "slowOutput, enough time",
    faults: { slowOutput: 4000 },
    code: null,
    check: versionOutput,
  },
  {
    // commandTimeoutMs is the longest silence allowed: 300 B/s comes in 100 ms drips
    name: "slowOutput, less silence allowed than between drips",
    faults: { slowOutput: 300 },
    options: { commandTimeoutMs: 40 },
    code: "TIMEOUT",
    check: (e) => match(String(e), /last output/),
  },
  {
    name: "garbage before the prompt",
    faults: { garbage: true },
    code: null,
    check: versionOutput,
  },
  { name: "refused (SSH)", faults: { refused: true }, code: "CONNECTION_REFUSED" },
  { name: "refused (Telnet)", faults: { refused: true }, telnet: true, code: "CONNECTION_REFUSED" },
  {
    name: "stickyPager: pager continued, artefacts stripped",
    faults: { stickyPager: true },
    code: null,
    run: (target, options) => execute(target, ["show version", "show running-config"], options),
    check: (v) => {
      const [version, running] = v as { output: string; raw: string }[];
      match(version!.output, /^Cisco IOS Software[\s\S]*Configuration register is 0x2102$/);
      match(running!.raw, /--More--/);
      ok(!/More/.test(version!.output + running!.output));
      match(running!.output, /\nend$/);
    },
  },
  {
    name: "legacyAlgorithms without the legacy option",
    faults: { legacyAlgorithms: true },
    code: "PROTOCOL_ERROR",
    check: (e) => match(String(e), /legacy|algorithm/i),
  },
  {
    name: "legacyAlgorithms with sshOptions.legacyAlgorithms",
    faults: { legacyAlgorithms: true },
    code: null,
    run: (target, options) =>
      execute({ ...target, sshOptions: { legacyAlgorithms: true } }, ["show version"], options),
    check: versionOutput,
  },
  {
    name: "rejectConfig (CLI): the config line fails",
    faults: { rejectConfig: true },
    code: "COMMAND_FAILED",
    run: push,
  },
  {
    name: "disconnectMidPush (CLI)",
    faults: { disconnectMidPush: true },
    code: "TRANSPORT_CLOSED",
    run: push,
  },
  {
    name: "rejectConfig (NETCONF load-configuration)",
    platform: "juniper_junos",
    faults: { rejectConfig: true },
    code: "NETCONF_RPC_ERROR",
    run: netconfLoad,
  },
  {
    name: "disconnectMidPush (NETCONF load-configuration)",
    platform: "juniper_junos",
    faults: { disconnectMidPush: true },
    code: "TRANSPORT_CLOSED",
    run: netconfLoad,
  },
  {
    name: "hang=connect (NETCONF)",
    platform: "juniper_junos",
    faults: { hang: "connect" },
    code: "TIMEOUT",
    run: (target, options) => executeNetconf(target, ["show version"], options),
  },
  {
    name: "wrongPassword (NETCONF)",
    platform: "juniper_junos",
    faults: { wrongPassword: true },
    code: "AUTH_FAILED",
    run: (target, options) => executeNetconf(target, ["show version"], options),
  },
];

Deno.test("every lab fault gives its typed error (or works) within the timeouts", async (t) => {
  await using lab = await startLab({
    devices: CASES.map((c, i) => ({
      platform: c.platform ?? "cisco_ios",
      name: `fault${i}`,
      faults: c.faults,
    })),
  });
  const dir = await Deno.makeTempDir({ prefix: "session-faults-" });
  await Deno.writeTextFile(`${dir}/known_hosts`, lab.knownHosts());
  const cr = lab.credentials;
  const options: ExecuteOptions = {
    credentials: {
      username: cr.username,
      password: cr.password,
      enablePassword: cr.enablePassword,
    },
    knownHostsPath: `${dir}/known_hosts`,
    ...T,
  };
  try {
    for (const [i, c] of CASES.entries()) {
      await t.step(c.name, async () => {
        const dev = lab.device(`fault${i}`);
        const target = {
          name: dev.name,
          address: dev.address,
          port: c.telnet ? dev.ports.telnet : dev.ports.ssh,
          platform: dev.platform,
          ...(c.telnet ? { transport: "telnet" as const } : {}),
        };
        const t0 = performance.now();
        const run = (c.run ?? show)(target, { ...options, ...c.options });
        if (c.code === null) {
          c.check?.(await run);
        } else {
          await rejects(run, (e) => {
            ok(e instanceof TriggerError, `a TriggerError, got ${e}`);
            strictEqual(e.code, c.code, String(e));
            strictEqual(e.host, dev.name);
            ok(!String(e.message).includes(cr.password), "no password in the message");
            c.check?.(e);
            return true;
          });
        }
        const elapsed = performance.now() - t0;
        ok(elapsed < BOUND_MS, `${c.name} took ${Math.round(elapsed)} ms`);
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
