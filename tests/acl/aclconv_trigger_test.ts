/**
 * `aclconv` with Trigger's flags (`-i`, `-o`, `-j`, `-x`, `-f FORMAT`) writes
 * each filter in the engine (`nameTerms`, `countTerms`, `acl_convert` with
 * `index`): the output, the warnings and the errors must be those of the
 * route it replaced, which decoded the whole IR into JavaScript, named the
 * terms there (`Acl.nameTerms()`), rewrote every Junos term's counter to its
 * name and wrote the rewritten IR (`oldConvertTrigger` below, kept as the
 * oracle). Every golden input under tests/acl, in every dialect it reads in,
 * goes through both, for every format, with and without `--name` and
 * `--drop-modifiers`; plus generated filters with named, unnamed and counted
 * terms.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { fileURLToPath as fromFileUrl } from "node:url";
import { Acl, convert, parseAll } from "../../lib/acl/mod.ts";
import {
  ACL_FORMATS,
  type AclDialect,
  type AclIr,
  type Diagnostic,
  type Term,
} from "../../lib/acl/ir.ts";
import { convertTrigger, type Drop, triggerName } from "../../cli/commands/aclconv.ts";

/**
 * The conversion before the engine did it: the IR decoded and rewritten in
 * JavaScript. Written as that code ran: `acl.output()` converted the whole
 * text in one engine call when the text held this one ACL and nothing had
 * been decoded, and otherwise wrote the decoded IR (`acl_emit` on its JSON).
 */
/** The command's conversion, its output as text. */
const newConvertTrigger = (...args: Parameters<typeof convertTrigger>): string =>
  new TextDecoder().decode(convertTrigger(...args));

const oldConvertTrigger = (
  ...[text, format, from, name, drop]: Parameters<typeof convertTrigger>
): string => {
  const acls = parseAll(text, { dialect: from });
  return acls.map((acl) => {
    if (format === "junos") {
      acl.nameTerms();
      acl.terms = acl.terms.map((t) =>
        t.modifiers.count ? t : { ...t, modifiers: { ...t.modifiers, count: t.name } }
      );
    }
    const wanted = name ?? triggerName(acl.name, format);
    const options = { replace: true, ...drop, ...(wanted === undefined ? {} : { name: wanted }) };
    if (acls.length === 1 && format !== "junos") return convert(text, format, { from, ...options });
    void acl.terms; // decoded: written from its IR
    return acl.output(format, options);
  }).join("");
};

/** What the command prints for a run: its output, or its error, and each warning as the CLI writes it. */
function outcome(
  run: (drop: Drop) => string,
  dropModifiers: boolean,
): { out?: string; error?: string; warnings: string[] } {
  const warnings: string[] = [];
  const onWarning = (d: Diagnostic) =>
    warnings.push(
      `${d.span.line}:${d.span.column}: ${d.severity} ${d.code} ${d.message}` +
        (d.term ? ` (term "${d.term}")` : ""),
    );
  try {
    return { out: run({ dropModifiers, onWarning }), warnings };
  } catch (e) {
    const error = e instanceof Error
      ? `${e.name} ${(e as { code?: string }).code}: ${e.message}`
      : String(e);
    return { error, warnings };
  }
}

/** Every ACL file under tests/acl, with the dialects it is read in (`auto` and its folder's). */
async function goldenInputs(): Promise<{ path: string; text: string; dialects: AclDialect[] }[]> {
  const root = fromFileUrl(new URL("./", import.meta.url));
  const found: { path: string; text: string; dialects: AclDialect[] }[] = [];
  const walk = async (dir: string): Promise<void> => {
    for await (const e of Deno.readDir(dir)) {
      const path = `${dir}${e.name}`;
      if (e.isDirectory) await walk(`${path}/`);
      else if (/\.(acl|jcl|junos)$/.test(e.name)) {
        const folder = dir.slice(root.length).split("/").at(-2) ?? "";
        const own = ["ios", "junos", "nxos", "eos", "iosxr", "asa"].includes(folder)
          ? [folder as AclDialect]
          : [];
        found.push({
          path: path.slice(root.length),
          text: await Deno.readTextFile(path),
          dialects: ["auto", ...own],
        });
      }
    }
  };
  await walk(root);
  return found.sort((a, b) => a.path.localeCompare(b.path));
}

Deno.test("convertTrigger() gives the old JavaScript route's output, warnings and errors on every golden input", async () => {
  const inputs = await goldenInputs();
  ok(inputs.length >= 50, `found ${inputs.length} inputs`);
  let converted = 0;
  let failed = 0;
  for (const { path, text, dialects } of inputs) {
    for (const from of dialects) {
      for (const format of ACL_FORMATS) {
        for (const name of [undefined, "EDGE"]) {
          for (const dropModifiers of [false, true]) {
            const args = [format, from, name, dropModifiers].join(" ");
            const old = outcome(
              (d) => oldConvertTrigger(text, format, from, name, d),
              dropModifiers,
            );
            const now = outcome(
              (d) => newConvertTrigger(text, format, from, name, d),
              dropModifiers,
            );
            deepStrictEqual(now, old, `${path}: ${args}`);
            if (old.out === undefined) failed++;
            else converted++;
          }
        }
      }
    }
  }
  // the inputs exercise both outcomes: conversions and refusals
  ok(converted > 1000 && failed > 100, `${converted} converted, ${failed} refused`);
});

/** A Junos filter of `n` terms: some named like generated names, some counted, one with an empty counter. */
function junosFilter(name: string, n: number, seed: number): string {
  const terms: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = (i * 7 + seed) % 5;
    const termName = k === 0 ? `T${(i % 4) + 1}` : k === 1 ? `web-${i}` : `T${i + 3}`;
    const then = k === 2
      ? `count c${i}; accept;`
      : k === 3
      ? 'count ""; discard;'
      : k === 4
      ? "log; syslog; accept;"
      : "accept;";
    terms.push(
      `    term ${termName} {\n        from { protocol tcp; destination-port ${1000 + i}; }\n` +
        `        then { ${then} }\n    }\n`,
    );
  }
  return `filter ${name} {\n${terms.join("")}}\n`;
}

/** An IOS list of `n` entries (no names, one with `log-input`). */
function iosList(name: string, n: number): string {
  const lines = [`ip access-list extended ${name}`];
  for (let i = 0; i < n; i++) {
    lines.push(
      ` permit tcp any host 192.0.2.${i % 250} eq ${1000 + i}${i === 3 ? " log-input" : ""}`,
    );
  }
  return lines.join("\n") + "\n";
}

Deno.test("convertTrigger() matches the old route on generated filters with named, unnamed and counted terms", async (t) => {
  const cases: [string, string][] = [
    ["one Junos filter", junosFilter("edge", 40, 0)],
    [
      "several Junos filters",
      `firewall {\n${junosFilter("a", 12, 1)}${junosFilter("b", 9, 2)}${
        junosFilter("c115j", 5, 3)
      }}\n`,
    ],
    ["IOS named", iosList("EDGE-IN", 30)],
    [
      "IOS numbered",
      Array.from({ length: 20 }, (_, i) => `access-list 115 deny udp any any eq ${i + 1}\n`).join(
        "",
      ),
    ],
  ];
  for (const [what, text] of cases) {
    await t.step(what, () => {
      for (const format of ACL_FORMATS) {
        for (const dropModifiers of [false, true]) {
          const old = outcome(
            (d) => oldConvertTrigger(text, format, "auto", undefined, d),
            dropModifiers,
          );
          const now = outcome(
            (d) => newConvertTrigger(text, format, "auto", undefined, d),
            dropModifiers,
          );
          deepStrictEqual(now, old, `${format} ${dropModifiers}`);
        }
      }
    });
  }
  await t.step("the Junos output names and counts as the original Trigger", () => {
    const out = newConvertTrigger(iosList("X", 3), "junos", "auto", undefined, {
      dropModifiers: false,
      onWarning: () => {},
    });
    ok(out.startsWith("firewall {\nreplace:\n    filter Xj {\n        term T1 {\n"));
    deepStrictEqual(out.match(/count [^;]+;/g), ["count T1;", "count T2;", "count T3;"]);
  });
});

/** An IR with unnamed terms between named ones (`T2` taken), with and without counters. */
function mixedIr(): AclIr {
  const base = new Acl(parseAll(junosFilter("mixed", 12, 4))[0]!.toJSON()).toJSON();
  const terms: Term[] = base.terms.map((term, i) => ({
    ...term,
    name: i % 3 === 0 ? null : i === 1 ? "T2" : term.name,
    modifiers: {
      ...term.modifiers,
      count: i % 4 === 0 ? `keep${i}` : term.modifiers.count ?? null,
    },
  }));
  return { ...base, terms };
}

Deno.test("Acl.output() with nameTerms and countTerms writes what nameTerms() and the counter rewrite write", () => {
  for (const format of ACL_FORMATS) {
    for (const dropModifiers of [false, true]) {
      const old = outcome((drop) => {
        const acl = new Acl(mixedIr()).nameTerms();
        acl.terms = acl.terms.map((t) =>
          t.modifiers.count ? t : { ...t, modifiers: { ...t.modifiers, count: t.name } }
        );
        return acl.output(format, { replace: true, name: "M", ...drop });
      }, dropModifiers);
      const now = outcome(
        (drop) =>
          new Acl(mixedIr()).output(format, {
            replace: true,
            name: "M",
            nameTerms: true,
            countTerms: true,
            ...drop,
          }),
        dropModifiers,
      );
      deepStrictEqual(now, old, `${format} ${dropModifiers}`);
    }
  }
  const junos = new Acl(mixedIr()).output("junos", { nameTerms: true, countTerms: true });
  ok(junos.includes("term T1 {") && junos.includes("term T3 {") && junos.includes("count keep0;"));
});

Deno.test("a lazily parsed ACL writes the same with or without the IR its parse kept", () => {
  const text = `firewall {\n${junosFilter("a", 6, 1)}${junosFilter("b", 4, 2)}}\n`;
  const opts = { replace: true, nameTerms: true, countTerms: true } as const;
  const fresh = parseAll(text).map((a) => a.output("junos", opts));
  // another lazy parse replaces the kept IR: the ACLs are written from their text again
  const acls = parseAll(text);
  parseAll("access-list 1 permit any\n");
  deepStrictEqual(acls.map((a) => a.output("junos", opts)), fresh);
  // written twice (the first write took the kept IR), then decoded: all as before
  const again = parseAll(text);
  deepStrictEqual(again.map((a) => a.output("junos", opts)), fresh);
  deepStrictEqual(again.map((a) => a.output("junos", opts)), fresh);
  // the terms decoded afterwards are the input's (not renamed, not counted)
  deepStrictEqual(again.map((a) => a.terms), parseAll(text).map((a) => a.terms));
  strictEqual(again[1]!.terms.length, 4);
});
