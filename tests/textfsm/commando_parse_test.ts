import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { cp } from "node:fs/promises";
import { labInventory } from "../../lib/lab/mod.ts";
import { NetDevices } from "../../lib/netdevices/mod.ts";
import {
  Commando,
  deviceExecutor,
  type ExecutorTarget,
  textfsmHook,
} from "../../lib/commando/mod.ts";
import { loadSettings } from "../../lib/settings/mod.ts";
import { builtinCliTable, CliTable } from "../../lib/textfsm/mod.ts";
import { labDir, trigger } from "../cli/_lab_dir.ts";
import { TEMPLATES_DIR } from "./_gen_builtin.ts";

const VENDORS = ["cisco_ios", "arista_eos", "cisco_nxos", "juniper_junos"];
const COMMANDS = ["show version", "sh ip int br", "show interfaces terse", "show ip route"];

/** A template directory as users have one: an ntc-templates style index and templates. */
async function templateDir(parent: string): Promise<string> {
  const dir = `${parent}/templates`;
  await cp(TEMPLATES_DIR, dir, { recursive: true, filter: (s) => !s.endsWith(".ts") });
  return dir;
}

/** One device's results as Commando and `--json` give them: a list in the order sent. */
type Listed = Record<string, { command: string; output: string; parsed?: unknown }[]>;

/** The outputs and parsed records by command (each command is sent once in these tests). */
function byCommand(results: Listed) {
  const outputs: Record<string, Record<string, string>> = {};
  const parsed: Record<string, Record<string, unknown>> = {};
  for (const [device, list] of Object.entries(results)) {
    for (const r of list) {
      (outputs[device] ??= {})[r.command] = r.output;
      if (r.parsed !== undefined) (parsed[device] ??= {})[r.command] = r.parsed;
    }
  }
  return { outputs, parsed };
}

/** What the built-in index gives for each device's outputs (the expected `parsed`). */
async function expected(
  results: Record<string, Record<string, string>>,
  platforms: Map<string, string>,
) {
  const table = builtinCliTable();
  const want: Record<string, Record<string, unknown>> = {};
  for (const [device, outputs] of Object.entries(results)) {
    for (const [command, output] of Object.entries(outputs)) {
      const attributes = { Platform: platforms.get(device)!, Command: command };
      if (table.findRow(attributes) === undefined) continue;
      try {
        (want[device] ??= {})[command] = (await table.parseCmd(output, attributes)).records;
      } catch {
        // the hook keeps such outputs unparsed
      }
    }
  }
  return want;
}

Deno.test("Commando + deviceExecutor + textfsmHook: each result's parsed records from the settings' template dir", async () => {
  await using l = await labDir({ devices: 4, vendors: VENDORS });
  const settings = loadSettings({
    path: `${l.dir}/settings.json`,
    env: { TEXTFSM_TEMPLATE_DIR: await templateDir(l.dir) },
  });
  const table = await CliTable.load(settings.textfsmTemplateDir);
  const c = l.lab.credentials;
  const inventory = NetDevices.fromRecords(labInventory(l.lab));
  const failures: string[] = [];
  const r = await new Commando<ExecutorTarget>({
    devices: inventory.all(),
    commands: COMMANDS,
    hooks: {
      base: textfsmHook(table, {
        onError: (d, cmd, e) => failures.push(`${d.nodeName} ${cmd}: ${e}`),
      }),
    },
    executor: deviceExecutor({
      knownHostsPath: l.knownHosts,
      forceCli: true,
      withErrors: true,
      credentials: () => Promise.resolve({ ...c }),
    }),
  }).run();
  deepStrictEqual(r.errors, {});
  const { outputs, parsed } = byCommand(r.results);
  // `show interfaces terse` is rejected by IOS, EOS and NX-OS: with
  // withErrors the error text is kept as the output, marked failed, and not
  // parsed (their `show interfaces` templates would match it as a prefix).
  deepStrictEqual(failures, []);
  match(outputs["ios-cisco-001"]!["show interfaces terse"]!, /% Invalid input/);
  const platforms = new Map(l.lab.devices.map((d) => [d.name, d.platform]));
  deepStrictEqual(parsed, await expected(outputs, platforms));
  const ios = parsed["ios-cisco-001"]!;
  strictEqual((ios["show version"] as Record<string, unknown>[])[0]!.HOSTNAME, "ios-cisco-001");
  deepStrictEqual(
    (ios["sh ip int br"] as Record<string, unknown>[]).map((x) => x.INTERFACE),
    ["GigabitEthernet0/0", "GigabitEthernet0/1", "GigabitEthernet0/2"],
  );
  ok(((parsed["junos-juniper-001"]!["show interfaces terse"]) as unknown[]).length > 10);
  strictEqual(
    (parsed["nxos-cisco-001"]!["show version"] as Record<string, unknown>[])[0]!.HOSTNAME,
    "nxos-cisco-001",
  );
  ok((parsed["eos-arista-001"]!["show ip route"] as unknown[]).length >= 3);
  ok(!("show interfaces terse" in ios), "no template: nothing stored");
});

Deno.test("trigger run-cmds --parse --json: parsed records with textfsmTemplateDir from settings.json", async () => {
  await using l = await labDir({ devices: 4, vendors: VENDORS });
  const settingsPath = `${l.dir}/settings.json`;
  const settings = JSON.parse(await Deno.readTextFile(settingsPath));
  settings.textfsmTemplateDir = await templateDir(l.dir);
  await Deno.writeTextFile(settingsPath, JSON.stringify(settings));
  const args = ["run-cmds", "--json", "--parse", "--force-cli", "--with-errors"];
  const r = await trigger(l.env, [
    ...args,
    ...COMMANDS.flatMap((c) => ["-c", c]),
    ...l.lab.devices.map((d) => d.name),
  ]);
  strictEqual(r.code, 0, r.err);
  ok(!r.err.includes("warning"), r.err);
  const j = JSON.parse(r.out);
  deepStrictEqual(j.errors, {});
  const platforms = new Map(l.lab.devices.map((d) => [d.name, d.platform]));
  const { outputs, parsed } = byCommand(j.results);
  deepStrictEqual(parsed, await expected(outputs, platforms));
  const first = (d: string) => (parsed[d]!["show version"] as Record<string, unknown>[])[0]!;
  strictEqual(first("eos-arista-001").MODEL, "DCS-7050SX3-48YC8-R");
  strictEqual(first("junos-juniper-001").HOSTNAME, "junos-juniper-001");

  const bad = await trigger({ ...l.env, TEXTFSM_TEMPLATE_DIR: `${l.dir}/nowhere` }, [
    ...args,
    "-c",
    "show version",
    "ios-cisco-001",
  ]);
  strictEqual(bad.code, 2, bad.err);
  ok(/Cannot use --parse: .*index/.test(bad.err), bad.err);
});
