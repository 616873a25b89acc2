import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { startLab } from "../../lib/lab/mod.ts";
import { execute } from "../../lib/session/mod.ts";
import { builtinCliTable } from "../../lib/textfsm/mod.ts";
import { runReference } from "./_ref.ts";
import { TEMPLATES_DIR } from "./_gen_builtin.ts";

const COMMANDS: Record<string, string[]> = {
  "cisco_ios": [
    "show version",
    "show clock",
    "show interfaces",
    "show ip route",
    "show ip interface brief",
  ],
  "arista_eos": ["show version", "show interfaces", "show ip route"],
  "cisco_nxos": ["show version", "show interface", "show ip route"],
  "juniper_junos": ["show version", "show interfaces terse", "show route"],
};

Deno.test("lab outputs parsed by the built-in templates: same records as python3-textfsm clitable", async (t) => {
  await using lab = await startLab({ devices: 4, vendors: Object.keys(COMMANDS), telnet: false });
  const dir = await Deno.makeTempDir({ prefix: "textfsm-lab-" });
  try {
    await Deno.writeTextFile(`${dir}/known_hosts`, lab.knownHosts());
    const c = lab.credentials;
    const outputs: { device: string; platform: string; command: string; output: string }[] = [];
    await Promise.all(lab.devices.map(async (d) => {
      const results = await execute(
        { name: d.name, address: d.address, port: d.ports.ssh, platform: d.platform },
        COMMANDS[d.platform]!,
        {
          credentials: {
            username: c.username,
            password: c.password,
            enablePassword: c.enablePassword,
          },
          knownHostsPath: `${dir}/known_hosts`,
        },
      );
      for (const r of results) {
        outputs.push({
          device: d.name,
          platform: d.platform,
          command: r.command,
          output: r.output,
        });
      }
    }));
    strictEqual(outputs.length, 14);
    const attrs = (o: (typeof outputs)[number]) => ({ Platform: o.platform, Command: o.command });
    const ref = await runReference(outputs.map((o) => ({
      index: TEMPLATES_DIR,
      file: "index",
      attributes: attrs(o),
      input: o.output,
    })));
    const table = builtinCliTable();
    let records = 0;
    for (const [i, o] of outputs.entries()) {
      await t.step(`${o.platform}: ${o.command}`, async () => {
        const want = ref[i]!;
        ok(want.ok, JSON.stringify(want));
        ok(want.rows!.length > 0, "the reference found no records");
        const got = await table.parseCmd(o.output, attrs(o));
        deepStrictEqual({ header: got.header, rows: got.rows }, {
          header: want.header,
          rows: want.rows,
        });
        records += got.rows.length;
        if (o.command === "show version") {
          const host = got.records[0]!.HOSTNAME;
          if (host !== undefined) strictEqual(host, o.device);
        }
      });
    }
    ok(records >= 40, `only ${records} records compared`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
