import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { CliTable, expandCompletion } from "../../lib/textfsm/mod.ts";
import { isTriggerError } from "../../lib/errors.ts";
import { type RefAnswer, runReference } from "./_ref.ts";

const HERE = new URL(".", import.meta.url).pathname;
const INDEX_DIR = `${HERE}index`;
const CASES_DIR = `${HERE}cases`;
const DEBIAN_DIR = "/usr/lib/python3/dist-packages/testdata";

interface Job {
  dir: string;
  file: string;
  attributes: Record<string, string>;
  input: string;
}

async function ours(job: Job) {
  try {
    const table = await CliTable.load(job.dir, { index: job.file });
    const r = await table.parseCmd(job.input, job.attributes);
    return { ok: true, header: r.header, rows: r.rows, superkey: r.superkey };
  } catch (e) {
    if (isTriggerError(e)) return { ok: false, kind: e.code, message: e.message };
    throw e;
  }
}

const KIND: Record<string, string> = {
  CliTableError: "INVALID_ARGUMENT",
  TextFSMTemplateError: "TEMPLATE_INVALID",
  TextFSMError: "TEMPLATE_ERROR",
  IndexError: "TEMPLATE_INVALID",
};

async function jobs(): Promise<[string, Job][]> {
  const read = (n: string) => Deno.readTextFile(`${CASES_DIR}/${n}.txt`);
  const ports = await Deno.readTextFile(`${INDEX_DIR}/ports.txt`);
  const mine = (attributes: Record<string, string>, input: string): Job => ({
    dir: INDEX_DIR,
    file: "index",
    attributes,
    input,
  });
  const abc = "a b c\nd e f\n1 2 3\n";
  return [
    [
      "show version",
      mine(
        { Platform: "cisco_ios", Command: "show version" },
        await read("cisco_ios_show_version"),
      ),
    ],
    [
      "sh ver",
      mine({ Platform: "cisco_ios", Command: "sh ver" }, await read("cisco_ios_show_version")),
    ],
    [
      "sh int",
      mine({ Platform: "cisco_ios", Command: "sh int" }, await read("cisco_ios_show_interfaces")),
    ],
    [
      "show ip route",
      mine(
        { Platform: "cisco_ios", Command: "show ip route" },
        await read("cisco_ios_show_ip_route"),
      ),
    ],
    [
      "sh ip bgp sum",
      mine(
        { Platform: "cisco_ios", Command: "sh ip bgp sum" },
        await read("cisco_ios_show_ip_bgp_summary"),
      ),
    ],
    [
      "show arp on xe",
      mine({ Platform: "cisco_xe", Command: "show arp" }, await read("cisco_ios_show_ip_arp")),
    ],
    [
      "junos terse",
      mine(
        { Platform: "juniper_junos", Command: "show interfaces terse" },
        await read("juniper_junos_show_interfaces_terse"),
      ),
    ],
    [
      "eos vlan",
      mine({ Platform: "arista_eos", Command: "sh vl" }, await read("arista_eos_show_vlan")),
    ],
    [
      "merge by Key",
      mine({ Hostname: "lab-r1", Platform: "lab_os", Command: "show ports" }, ports),
    ],
    [
      "merge by position",
      mine({ Hostname: "core-r1", Platform: "lab_os", Command: "sh po" }, ports),
    ],
    [
      "List items as Python strings (None, dict repr), captures kept across iterations",
      mine(
        { Platform: "lab_os", Command: "show lists" },
        await Deno.readTextFile(`${INDEX_DIR}/lists.txt`),
      ),
    ],
    ["no template", mine({ Platform: "nokia_sros", Command: "show version" }, "x")],
    ["unknown command", mine({ Platform: "cisco_ios", Command: "configure terminal" }, "x")],
    ["debian A:B", {
      dir: DEBIAN_DIR,
      file: "default_index",
      attributes: { Vendor: "VendorA", Command: "sh ve" },
      input: abc,
    }],
    ["debian C", {
      dir: DEBIAN_DIR,
      file: "default_index",
      attributes: { Vendor: "VendorB", Command: "show version" },
      input: abc,
    }],
    ["debian D", {
      dir: DEBIAN_DIR,
      file: "default_index",
      attributes: { Vendor: "VendorA", Command: "sh int" },
      input: abc,
    }],
    ["debian none", {
      dir: DEBIAN_DIR,
      file: "default_index",
      attributes: { Vendor: "VendorC", Command: "sh int" },
      input: abc,
    }],
  ];
}

Deno.test("CliTable matches python3-textfsm clitable on our index and Debian's testdata", async (t) => {
  const all = await jobs();
  const ref: RefAnswer[] = await runReference(
    all.map(([, j]) => ({ index: j.dir, file: j.file, attributes: j.attributes, input: j.input })),
  );
  for (const [i, [name, job]] of all.entries()) {
    await t.step(name, async () => {
      const want = ref[i]!;
      const got = await ours(job);
      if (want.ok) {
        ok(got.ok, `reference parsed, we failed: ${got.message}`);
        deepStrictEqual(
          { header: got.header, rows: got.rows, superkey: got.superkey },
          { header: want.header, rows: want.rows, superkey: want.superkey },
        );
        ok(want.rows!.length > 0, "no rows compared");
      } else {
        strictEqual(got.ok, false, `reference failed (${want.kind}), we parsed`);
        strictEqual(got.kind, KIND[want.kind], `${got.message} vs ${want.message}`);
      }
    });
  }
});

Deno.test("expandCompletion() expands [[...]] like clitable", () => {
  strictEqual(
    expandCompletion("sh[[ow]] ip int[[erface]] br[[ief]]"),
    "sh(o(w)?)? ip int(e(r(f(a(c(e)?)?)?)?)?)? br(i(e(f)?)?)?",
  );
  strictEqual(expandCompletion("show clock"), "show clock");
});

Deno.test("CliTable.load() reports a missing Template column with file and line", async () => {
  try {
    await CliTable.load(DEBIAN_DIR, { index: "parseindexfail1_index" });
    ok(false);
  } catch (e) {
    ok(isTriggerError(e, "TEMPLATE_INVALID"));
    ok(e.message.includes("parseindexfail1_index:7"), e.message);
  }
});
