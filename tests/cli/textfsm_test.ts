import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";

const MAIN = new URL("../../cli/main.ts", import.meta.url).pathname;
const CASES = new URL("../textfsm/cases/", import.meta.url).pathname;
const INDEX = new URL("../textfsm/index", import.meta.url).pathname;

async function trigger(
  args: string[],
  stdin = "",
): Promise<{ code: number; out: string; err: string }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "textfsm", ...args],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode(stdin));
  await w.close();
  const r = await child.output();
  const dec = new TextDecoder();
  return { code: r.code, out: dec.decode(r.stdout), err: dec.decode(r.stderr) };
}

Deno.test("trigger textfsm TEMPLATE FILE prints records as JSON", async () => {
  const r = await trigger([`${CASES}list_nested.textfsm`, `${CASES}list_nested.txt`]);
  strictEqual(r.code, 0, r.err);
  deepStrictEqual(JSON.parse(r.out), [
    {
      ROUTE: "", // the template Clears ROUTE on the line that set it
      HOPS: [{ via: "192.0.2.1", dev: "eth0" }, { via: "192.0.2.2", dev: "eth1" }],
    },
    { ROUTE: "", HOPS: [{ via: "198.51.100.1", dev: "ppp0" }] },
  ]);
});

Deno.test("trigger textfsm --index picks the template by platform and abbreviated command", async () => {
  const input = await Deno.readTextFile(`${CASES}cisco_ios_show_ip_arp.txt`);
  const r = await trigger(
    ["--index", INDEX, "--platform", "cisco_ios", "--command", "sh arp", "-"],
    input,
  );
  strictEqual(r.code, 0, r.err);
  const records = JSON.parse(r.out);
  strictEqual(records.length, 4);
  strictEqual(records[3].INTERFACE, "Vlan200");
});

Deno.test("trigger textfsm reports a bad template as one line with file:line, exit 2", async () => {
  const r = await trigger([`${CASES}err_unknown_state.textfsm`, "-"], "x\n");
  strictEqual(r.code, 2);
  strictEqual(r.out, "");
  const lines = r.err.trim().split("\n");
  strictEqual(lines.length, 1);
  ok(lines[0]!.includes("err_unknown_state.textfsm:4"), lines[0]);
  ok(lines[0]!.includes("TEMPLATE_INVALID"), lines[0]);
});

Deno.test("trigger textfsm --builtin parses with the built-in templates", async () => {
  const vlan = await Deno.readTextFile(
    new URL("../textfsm/samples/cisco_ios_show_vlan.1.txt", import.meta.url),
  );
  const r = await trigger(
    ["--builtin", "--platform", "cisco_ios", "--command", "sh vl", "-"],
    vlan,
  );
  strictEqual(r.code, 0, r.err);
  const rows = JSON.parse(r.out) as { VLAN_ID: string; INTERFACES: string[] }[];
  strictEqual(rows.length, 8);
  deepStrictEqual(rows[1], {
    VLAN_ID: "10",
    NAME: "USERS",
    STATUS: "active",
    INTERFACES: ["Gi1/0/10", "Gi1/0/11"],
  });
  const both = await trigger(["--builtin", "--index", INDEX, "--command", "show vlan"]);
  strictEqual(both.code, 2);
  ok(both.err.includes("give one of"), both.err);
});
