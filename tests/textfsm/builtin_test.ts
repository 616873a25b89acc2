import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import {
  BUILTIN_TEMPLATES,
  builtinCliTable,
  builtinTemplate,
  TextFsm,
} from "../../lib/textfsm/mod.ts";
import { TemplateError } from "../../lib/textfsm/errors.ts";
import { EMBEDDED, embeddedSource, TEMPLATES_DIR } from "./_gen_builtin.ts";
import { runReference } from "./_ref.ts";

const SAMPLES = new URL("./samples/", import.meta.url).pathname;

/** `cisco_ios_show_mac-address-table.textfsm` → platform and command. */
export function commandOf(template: string): { Platform: string; Command: string } {
  const parts = template.replace(/\.textfsm$/, "").split("_");
  const Command = parts.slice(2).join(" ").replace("mac-address-table", "mac address-table");
  return { Platform: `${parts[0]}_${parts[1]}`, Command };
}

async function formatted(source: string): Promise<string> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--ext", "ts", "-"],
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode(source));
  await w.close();
  const { stdout } = await child.output();
  return new TextDecoder().decode(stdout);
}

Deno.test("the embedded built-in templates are the files of lib/textfsm/templates", async () => {
  const want = await formatted(await embeddedSource());
  strictEqual(
    await Deno.readTextFile(EMBEDDED),
    want,
    "run: deno run -A tests/textfsm/_gen_builtin.ts",
  );
  ok(BUILTIN_TEMPLATES.length >= 20, `${BUILTIN_TEMPLATES.length} templates`);
  for (const name of BUILTIN_TEMPLATES) {
    strictEqual(builtinTemplate(name), await Deno.readTextFile(TEMPLATES_DIR + name), name);
  }
  try {
    builtinTemplate("toString");
    ok(false);
  } catch (e) {
    ok(e instanceof TemplateError && e.message.includes("toString"), String(e));
  }
});

Deno.test("built-in templates on hand-written samples: same records as python3-textfsm (TextFSM and clitable)", async (t) => {
  const samples: { file: string; template: string; input: string }[] = [];
  for await (const e of Deno.readDir(SAMPLES)) {
    const template = `${e.name.split(".")[0]}.textfsm`;
    samples.push({ file: e.name, template, input: await Deno.readTextFile(SAMPLES + e.name) });
  }
  samples.sort((a, b) => a.file.localeCompare(b.file));
  ok(samples.length >= 10, `${samples.length} samples`);
  const jobs = samples.flatMap((s) => [
    { template: builtinTemplate(s.template), input: s.input },
    { index: TEMPLATES_DIR, file: "index", attributes: commandOf(s.template), input: s.input },
  ]);
  const ref = await runReference(jobs);
  const table = builtinCliTable();
  let records = 0;
  for (const [i, s] of samples.entries()) {
    await t.step(s.file, async () => {
      const [fsmRef, tableRef] = [ref[2 * i]!, ref[2 * i + 1]!];
      ok(fsmRef.ok && tableRef.ok, JSON.stringify([fsmRef, tableRef]));
      ok(fsmRef.rows!.length >= 1, "no records");
      records += fsmRef.rows!.length;
      const fsm = TextFsm.parse(builtinTemplate(s.template), { source: s.template });
      deepStrictEqual({ header: fsm.header, rows: fsm.parseText(s.input) }, {
        header: fsmRef.header,
        rows: fsmRef.rows,
      });
      const r = await table.parseCmd(s.input, commandOf(s.template));
      deepStrictEqual({ header: r.header, rows: r.rows }, {
        header: tableRef.header,
        rows: tableRef.rows,
      });
    });
  }
  ok(records >= 40, `only ${records} records compared`);
});

Deno.test("every built-in template is reached by its command, full and abbreviated", () => {
  const table = builtinCliTable();
  const abbreviate = (c: string) =>
    c.split(" ").map((w) => w === "show" ? "sh" : w.length > 4 ? w.slice(0, 3) : w);
  for (const name of BUILTIN_TEMPLATES) {
    const { Platform, Command } = commandOf(name);
    strictEqual(table.findRow({ Platform, Command })?.templates[0], name, Command);
    const short = abbreviate(Command).join(" ").replace("mac add", "mac address-table");
    strictEqual(table.findRow({ Platform, Command: short })?.templates[0], name, short);
  }
});

Deno.test("built-in templates load without any permission (as when imported from JSR)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "textfsm-builtin-" });
  try {
    const mod = new URL("../../lib/textfsm/mod.ts", import.meta.url).href;
    await Deno.writeTextFile(
      `${dir}/main.ts`,
      `import { builtinCliTable } from ${JSON.stringify(mod)};
const r = await builtinCliTable().parseCmd("*10:01:02.123 UTC Mon Jan 1 2024\\n", { Platform: "cisco_ios", Command: "sh clock" });
console.log(JSON.stringify(r.records));`,
    );
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--no-prompt", "--no-config", `${dir}/main.ts`],
      cwd: dir,
      stdout: "piped",
      stderr: "piped",
    }).output();
    strictEqual(code, 0, new TextDecoder().decode(stderr));
    deepStrictEqual(JSON.parse(new TextDecoder().decode(stdout)), [
      {
        TIME: "10:01:02.123",
        TIMEZONE: "UTC",
        DAYWEEK: "Mon",
        MONTH: "Jan",
        DAY: "1",
        YEAR: "2024",
      },
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
