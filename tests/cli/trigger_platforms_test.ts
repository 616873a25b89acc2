/**
 * The platforms of the original Trigger 2.3 that this toolkit added (Force10
 * FTOS, PAN-OS, F5 tmsh, Cumulus, PicOS, Avocent ACS, MRV LX) through every
 * fleet verb, against a lab started with `trigger lab up --vendors ...` as a
 * user would, whose inventory is given without platform ids (so each one is
 * derived from the manufacturer, make, model and OS): run-cmds, load-config
 * (dry run and push), gnng (Force10; the others have no gnng command), gong
 * in a terminal.
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { type CliRun, trigger } from "./_lab_dir.ts";
import { Tmux } from "./_tmux.ts";
import { getPlatform, type PlatformId } from "../../lib/platforms/mod.ts";

const MAIN = fileURLToPath(new URL("../../cli/main.ts", import.meta.url));

/** Per platform: the version text, a configuration line and what the configuration then shows. */
const NEW: Record<string, { version: RegExp; line: string; shows: RegExp }> = {
  "force10_ftos": {
    version: /Force10 Application Software Version: 8\.3/,
    line: "snmp-server location lab-row-9",
    shows: /snmp-server location lab-row-9/,
  },
  "paloalto_panos": {
    version: /model: PA-3220/,
    line: "set address lab9 ip-netmask 10.9.9.9/32",
    shows: /set address lab9 ip-netmask 10\.9\.9\.9\/32/,
  },
  "f5_tmsh": {
    version: /Product\s+BIG-IP/,
    line: "create ltm node /Common/lab9 address 10.9.9.9",
    shows: /create ltm node \/Common\/lab9/,
  },
  "cumulus_linux": {
    version: /DISTRIB_DESCRIPTION="Cumulus Linux 4\.4\.0"/,
    line: "net add interface swp9 alias lab-row-9",
    shows: /net add interface swp9 alias lab-row-9/,
  },
  "pica8_picos": {
    version: /Hardware Model\s+: P3922/,
    line: 'set interface gigabit-ethernet te-1/1/9 description "lab-row-9"',
    shows: /te-1\/1\/9 description "lab-row-9"/,
  },
  "avocent_acs": {
    version: /type: ACS6048/,
    line: "set /ports/serial_ports/5 name=lab-row-9",
    shows: /name=lab-row-9/,
  },
  "mrv_lx": {
    version: /LinuxITo Version 5\.3/,
    line: "snmp contact lab-row-9",
    shows: /snmp contact lab-row-9/,
  },
};
const IDS = Object.keys(NEW) as PlatformId[];

// deno-lint-ignore no-explicit-any
function json(r: CliRun): any {
  try {
    return JSON.parse(r.out);
  } catch {
    throw new Error(`not JSON (exit ${r.code}):\n${r.out}\n--- stderr:\n${r.err}`);
  }
}

/** `trigger lab up --vendors <the seven>` in the background, until disposed (SIGINT). */
async function labUp(dir: string) {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      MAIN,
      "lab",
      "up",
      "--devices",
      String(IDS.length),
      "--vendors",
      IDS.join(","),
      "--out",
      dir,
    ],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("Press Ctrl-C")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`lab up ended: ${text}`);
    text += value;
  }
  return {
    text,
    async [Symbol.asyncDispose]() {
      child.kill("SIGINT");
      while (!(await reader.read()).done) { /* drain */ }
      reader.releaseLock();
      await child.stderr.cancel();
      strictEqual((await child.status).code, 0);
    },
  };
}

Deno.test("the seven added platforms through run-cmds, load-config, gnng and gong", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "trigger-platforms-" });
  try {
    await using up = await labUp(dir);
    match(up.text, new RegExp(`Lab up: ${IDS.length} devices`));
    // the inventory as a CMDB would give it: no platform ids, they are derived
    const records = JSON.parse(await Deno.readTextFile(`${dir}/netdevices.json`)) as Record<
      string,
      string
    >[];
    const names = new Map<PlatformId, string>(
      records.map((r) => [r.platform as PlatformId, r.nodeName!]),
    );
    deepStrictEqual([...names.keys()].sort(), [...IDS].sort());
    await Deno.writeTextFile(
      `${dir}/cmdb.json`,
      JSON.stringify(records.map(({ platform: _p, ...r }) => r)),
    );
    await Deno.writeTextFile(`${dir}/settings.json`, JSON.stringify({ defaultRealm: "lab" }));
    const env = {
      TRIGGER_SETTINGS: `${dir}/settings.json`,
      NETDEVICES_SOURCE: `${dir}/cmdb.json`,
      TACACSRC: `${dir}/credentials`,
      TACACSRC_KEYFILE: `${dir}/credentials.key`,
      TRIGGER_KNOWN_HOSTS: `${dir}/known_hosts`,
      TRIGGER_AUDIT_LOG: `${dir}/audit.log`,
      GORC_FILE: `${dir}/gorc`,
      NO_COLOR: "1",
    };

    await t.step(
      "load-config dry run: each device with its derived platform, nothing sent",
      async () => {
        await Deno.writeTextFile(`${dir}/any.txt`, "a line\n");
        const r = await trigger(env, [
          "load-config",
          `${dir}/any.txt`,
          "--json",
          ...names.values(),
        ]);
        strictEqual(r.code, 0, r.err);
        const plan = json(r);
        strictEqual(plan.dryRun, true);
        for (const [id, name] of names) strictEqual(plan.plan[name].platform, id);
      },
    );

    for (const id of IDS) {
      const name = names.get(id)!;
      const { version, runningConfig } = getPlatform(id).commands;
      await t.step(`${id}: load-config --push, then run-cmds shows it`, async () => {
        await Deno.writeTextFile(`${dir}/${id}.txt`, `${NEW[id]!.line}\n`);
        const push = await trigger(env, [
          "load-config",
          `${dir}/${id}.txt`,
          "--push",
          "--json",
          name,
        ]);
        strictEqual(push.code, 0, `${push.out}\n${push.err}`);
        const r = await trigger(env, [
          "run-cmds",
          "-c",
          version,
          "-c",
          runningConfig,
          "--json",
          name,
        ]);
        strictEqual(r.code, 0, `${r.out}\n${r.err}`);
        const [shown, config] = (json(r).results[name] as { command: string; output: string }[])
          .map((x) => x.output);
        match(shown!, NEW[id]!.version);
        match(config!, NEW[id]!.shows);
        ok(!/--more--|---\(less/i.test(config!), config);
      });
    }
    const audit = await Deno.readTextFile(`${dir}/audit.log`);
    // the change log records each step as it happens: one "push" record per device
    const pushes = audit.trim().split("\n").filter((l) => JSON.parse(l).event === "push");
    strictEqual(pushes.length, IDS.length, "one push record per device");

    await t.step(
      "gnng: Force10 interfaces, subnets and ACLs; platforms without gnng fail by name",
      async () => {
        const f10 = names.get("force10_ftos")!;
        const r = await trigger(env, ["gnng", "--json", f10, names.get("paloalto_panos")!]);
        strictEqual(r.code, 1, r.err);
        const rows = json(r) as {
          device: string;
          name: string;
          subnets: string[];
          aclIn: string[];
        }[];
        const uplink = rows.find((x) => x.device === f10 && x.name === "TenGigabitEthernet 0/0");
        ok(uplink, JSON.stringify(rows));
        match(uplink.subnets[0]!, /^10\.\d+\.0\.0\/30$/);
        deepStrictEqual(uplink.aclIn, ["EDGE-IN"]);
        match(r.err, /paloalto_panos" has no gnng command/);
      },
    );

    for (const id of IDS) {
      const name = names.get(id)!;
      await t.step(`${id}: gong in a terminal`, async () => {
        await using tm = await Tmux.start(`${Deno.execPath()} run -A ${MAIN} gong ${name}`, env);
        await tm.waitFor(new RegExp(`Connected to ${name}\\.`));
        await new Promise((r) => setTimeout(r, 500));
        await tm.type(`${getPlatform(id).commands.version}\r`);
        await tm.waitFor(NEW[id]!.version);
        await tm.type("\r~.");
        await tm.waitFor(/EXIT=0/);
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
