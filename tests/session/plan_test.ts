/**
 * The connection plan (lib/session/plan.ts): one answer to "how is a device
 * reached" for every verb — transport order and ports, the policy that
 * shapes it, target validation at every public entry point, and the same
 * SSH→Telnet fallback for the executor (run-cmds, gnng), config push
 * (load-config), interactive logins (gong), load-acl and execute().
 */
import { deepStrictEqual, match, ok, rejects, strictEqual, throws } from "node:assert/strict";
import { createServer } from "node:net";
import { isTriggerError } from "../../lib/errors.ts";
import {
  deviceTarget,
  execute,
  executeNetconf,
  openInteractive,
  openSession,
  planConnection,
  type SessionTarget,
} from "../../lib/session/mod.ts";
import { connectSsh, connectTelnet, openSshConnection } from "../../lib/transport/mod.ts";
import { connectNetconf } from "../../lib/netconf/mod.ts";
import { Commando, deviceExecutor, type ExecutorTarget } from "../../lib/commando/mod.ts";
import { configPushExecutor } from "../../lib/commando/config_push.ts";
import { labInventory, startLab } from "../../lib/lab/mod.ts";
import { NetDevice } from "../../lib/netdevices/net_device.ts";
import { loadSettings } from "../../lib/settings/mod.ts";
import { loadAcls, planAclLoads } from "../../lib/changemgmt/load_acl.ts";
import { AclAssociations, LoadQueue, SqliteAclStore } from "../../lib/acl/db/mod.ts";
import { BouncePolicy } from "../../lib/changemgmt/bounce_policy.ts";

const IOS = { name: "r1", address: "192.0.2.1", platform: "cisco_ios" } as const;

Deno.test("planConnection(): transports in inventory order with their ports, NETCONF for Junos", async (t) => {
  await t.step("SSH then Telnet, each on its port", () => {
    const p = planConnection({
      ...IOS,
      port: 2222,
      transports: ["ssh", "telnet"],
      telnetPort: 2323,
    });
    strictEqual(p.management, "cli");
    deepStrictEqual(p.attempts, [{ kind: "ssh", port: 2222 }, { kind: "telnet", port: 2323 }]);
  });
  await t.step("Telnet without a telnetPort uses the policy's default", () => {
    const p = planConnection({ ...IOS, transports: ["ssh", "telnet"] }, {
      policy: { telnetPortDefault: 2300, sshPortDefault: 2200 },
    });
    deepStrictEqual(p.attempts, [{ kind: "ssh", port: 2200 }, { kind: "telnet", port: 2300 }]);
  });
  await t.step("telnetFallback false leaves SSH alone", () => {
    const p = planConnection({ ...IOS, transports: ["ssh", "telnet"] }, {
      policy: { telnetFallback: false },
    });
    deepStrictEqual(p.attempts.map((a) => a.kind), ["ssh"]);
  });
  await t.step("a platform without Telnet is never tried over Telnet", () => {
    const p = planConnection({
      name: "mx1",
      address: "192.0.2.3",
      platform: "juniper_junos",
      transports: ["ssh", "telnet"],
    });
    strictEqual(p.management, "netconf");
    strictEqual(planConnection(p.target, { forceCli: true }).management, "cli");
  });
  await t.step(
    "sshAsyncDisabled: scripted sessions go by Telnet; sshPtyDisabled: logins do",
    () => {
      const sw = new NetDevice({
        nodeName: "sw1",
        manufacturer: "DELL",
        deviceType: "SWITCH",
        address: "192.0.2.9",
      }, { settings: settingsWith({ sshAsyncDisabled: { dell: ["SWITCH"] } }) });
      const target = deviceTarget(sw);
      deepStrictEqual(planConnection(target).attempts.map((a) => a.kind), ["telnet"]);
      deepStrictEqual(
        planConnection(target, { interactive: true }).attempts.map((a) => a.kind),
        ["ssh", "telnet"],
      );
      const pty = deviceTarget(
        new NetDevice({ nodeName: "sw1", manufacturer: "DELL", deviceType: "SWITCH" }, {
          settings: settingsWith({ sshPtyDisabled: { dell: ["SWITCH"] }, telnetFallback: false }),
        }),
      );
      deepStrictEqual(planConnection(pty).attempts.map((a) => a.kind), ["ssh"]);
      throws(
        () => planConnection(pty, { interactive: true }),
        (e) => isTriggerError(e, "INVALID_ARGUMENT") && /sshPtyDisabled/.test(e.message),
      );
    },
  );
  await t.step("only: Telnet alone on the inventory's Telnet port (gong --telnet)", () => {
    const p = planConnection({ ...IOS, port: 22, telnetPort: 2323 }, { only: "telnet" });
    deepStrictEqual(p.attempts, [{ kind: "telnet", port: 2323 }]);
  });
});

/** Settings from a settings file holding `values`. */
function settingsWith(values: Record<string, unknown>) {
  const dir = Deno.makeTempDirSync();
  try {
    Deno.writeTextFileSync(`${dir}/settings.json`, JSON.stringify(values));
    return loadSettings({ path: `${dir}/settings.json`, env: { HOME: dir } });
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

/** A listener that counts connections: nothing may reach it. */
async function tripwire() {
  let connections = 0;
  const server = createServer((s) => {
    connections++;
    s.destroy();
  });
  const port = await new Promise<number>((r) =>
    server.listen(0, "127.0.0.1", () => r((server.address() as { port: number }).port))
  );
  return {
    port,
    get connections() {
      return connections;
    },
    [Symbol.asyncDispose]: () => new Promise<void>((r) => server.close(() => r())),
  };
}

Deno.test("every public entry point refuses a device without an address, naming the field, and connects nowhere", async (t) => {
  await using wire = await tripwire();
  const noAddress = {
    name: "r1",
    port: wire.port,
    platform: "cisco_ios",
  } as unknown as SessionTarget;
  const credentials = { username: "u", password: "p" };
  const missing = (field: string) => (e: unknown) =>
    isTriggerError(e, "INVALID_ARGUMENT") && e.message.includes(`"${field}"`);
  const cases: [string, () => Promise<unknown>][] = [
    ["execute()", () => execute(noAddress, ["show clock"], { credentials })],
    ["executeNetconf()", () => executeNetconf(noAddress, ["show version"], { credentials })],
    ["openSession()", () => openSession(noAddress, { credentials })],
    ["openInteractive()", () => openInteractive(noAddress, { credentials })],
    [
      "openSshConnection()",
      () => openSshConnection({ host: "r1", port: wire.port } as never, credentials),
    ],
    ["connectSsh()", () => connectSsh({ host: "r1", port: wire.port } as never, credentials)],
    ["connectTelnet()", () => connectTelnet({ host: "r1", port: wire.port } as never)],
    [
      "connectNetconf()",
      () => connectNetconf({ host: "r1", port: wire.port } as never, credentials),
    ],
  ];
  for (const [name, run] of cases) {
    await t.step(name, () => rejects(run(), missing("address")));
  }
  await t.step("deviceExecutor()", async () => {
    const device = { nodeName: "r1", vendor: "cisco", platform: "cisco_ios", port: wire.port };
    const r = await new Commando<ExecutorTarget>({
      devices: [device as unknown as ExecutorTarget],
      commands: ["show clock"],
      executor: deviceExecutor({ credentials: () => Promise.resolve(credentials) }),
    }).run();
    ok(r.errors["r1"]?.code === "INVALID_ARGUMENT" && /"address"/.test(r.errors["r1"].message));
  });
  await t.step("a bad port and a missing platform are named too", async () => {
    await rejects(
      execute({ ...IOS, address: "127.0.0.1", port: 70000 }, ["x"], { credentials }),
      missing("port"),
    );
    await rejects(
      execute({ name: "r1", address: "127.0.0.1" } as never, ["x"], { credentials }),
      missing("platform"),
    );
  });
  strictEqual(wire.connections, 0);
});

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  await using wire = await tripwire();
  return wire.port;
}

Deno.test("SSH refused: every verb's path falls back to Telnet the same way", async (t) => {
  await using lab = await startLab({ devices: 1, vendors: ["cisco_ios"] });
  const d = lab.devices[0]!;
  // no nodePort: the inventory allows SSH then Telnet; SSH_PORT points at nothing
  const settings = loadSettings({
    env: { HOME: "/nonexistent", SSH_PORT: String(await closedPort()) },
  });
  const [record] = labInventory(lab);
  const { nodePort: _, ...rest } = record!;
  const device = new NetDevice({ ...rest, nodeName: d.name }, { settings });
  deepStrictEqual(device.transports, ["ssh", "telnet"]);
  const credentials = () => Promise.resolve({ ...lab.credentials });
  const fleet = { credentials, hostKeyPolicy: "off" as const, loginTimeoutMs: 5000 };

  await t.step("deviceExecutor (run-cmds, gnng)", async () => {
    const r = await new Commando<ExecutorTarget>({
      devices: [device],
      commands: ["show clock"],
      executor: deviceExecutor(fleet),
    }).run();
    deepStrictEqual(r.errors, {});
    match(r.results[d.name]![0]!.output, /UTC/);
  });
  await t.step("configPushExecutor (load-config), which had no fallback", async () => {
    const r = await new Commando<ExecutorTarget>({
      devices: [device],
      commands: ["ntp server 192.0.2.9"],
      executor: configPushExecutor(fleet),
    }).run();
    deepStrictEqual(r.errors, {});
  });
  await t.step("openInteractive (gong), telling which transport was refused", async () => {
    const told: string[] = [];
    const shell = await openInteractive(
      {
        name: d.name,
        address: d.address,
        platform: "cisco_ios",
        port: device.port,
        transports: device.transports,
        telnetPort: d.ports.telnet,
      },
      {
        credentials: await credentials(),
        hostKeyPolicy: "off",
        onFallback: (from, to, e) => told.push(`${from}->${to} ${(e as { code: string }).code}`),
      },
    );
    strictEqual(shell.kind, "telnet");
    await shell.close();
    deepStrictEqual(told, ["ssh->telnet CONNECTION_REFUSED"]);
  });
  await t.step("loadAcls (load-acl), which hard-coded SSH", async () => {
    const dir = await Deno.makeTempDir();
    const store = SqliteAclStore.open(":memory:");
    try {
      await Deno.writeTextFile(
        `${dir}/acl.edge`,
        "ip access-list extended edge\n permit ip any any\n",
      );
      const associations = new AclAssociations(store);
      await associations.add(d.name, "edge");
      const queue = new LoadQueue(associations);
      const plan = await planAclLoads({
        inventory: [device],
        associations,
        acls: ["edge"],
        policy: BouncePolicy.from({ default: { green: "0-23" } }),
      });
      const [result] = await loadAcls(plan, {
        aclDir: dir,
        queue,
        hostKeyPolicy: "off",
        credentials,
      });
      strictEqual(result?.status, "done", result?.message);
    } finally {
      await store.close();
      await Deno.remove(dir, { recursive: true });
    }
  });
});
