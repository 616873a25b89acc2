/**
 * Verbs defined as data (cli/_verb_definition.ts): `parsePlain` reads a
 * command line exactly as the commander command built from the same
 * definition does, or leaves it to commander; every definition in the verb
 * table is read so.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { CommanderError } from "commander";
import { commandOf, parsePlain, type VerbDefinition } from "../../cli/_verb_definition.ts";
import { VERBS } from "../../cli/verbs.ts";

/** What commander hands the action for `words`, or the error code it ends with. */
async function viaCommander(
  def: VerbDefinition,
  words: string[],
): Promise<{ args: unknown[]; options: Record<string, unknown> } | string> {
  let got: { args: unknown[]; options: Record<string, unknown> } | undefined;
  const spy: VerbDefinition = {
    ...def,
    action: (args, options) => {
      got = { args, options: { ...options } };
      return Promise.resolve();
    },
  };
  const cmd = await commandOf(spy);
  cmd.exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  try {
    await cmd.parseAsync(words, { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) return e.code;
    throw e;
  }
  return got ?? "no action";
}

const DEFINED = await Promise.all(
  VERBS.filter((v) => v.define !== undefined).map(async (v) => await v.define!()),
);

/** Per verb: lines read without commander, and lines left to it (help, errors, rare forms). */
const LINES: Record<string, { plain: string[][]; left: string[][] }> = {
  "aclconv": {
    plain: [
      ["--to", "junos", "a.acl"],
      ["-t", "junos", "a.acl", "b.acl"],
      ["--to=junos", "-"],
      ["a.acl", "--to", "ios-named", "--replace", "-n", "EDGE"],
      ["-j", "a.acl"],
      ["-i", "-x", "a.acl"],
      ["-f", "junos", "--from", "nxos", "--output", "out.txt", "a.acl"],
      ["--from=asa", "--drop-modifiers", "--to", "eos"],
      ["--to", "junos", "--to", "ios", "a.acl"],
      [],
    ],
    left: [
      ["--help"],
      ["-h"],
      ["--to"],
      ["--from", "klingon", "a.acl"],
      ["--bogus", "a.acl"],
      ["-ij", "a.acl"],
      ["-tjunos", "a.acl"],
      ["--to", "junos", "--", "-weird.acl"],
      ["--replace=yes", "a.acl"],
      ["--name", "-x", "a.acl"],
      ["-5"],
    ],
  },
  "check-syntax": {
    plain: [
      ["a.acl"],
      ["a.acl", "b.acl", "-"],
      ["--json", "a.acl"],
      ["-q", "--dialect", "junos", "a.acl"],
      ["--dialect=nxos", "--lint", "a.acl"],
    ],
    left: [[], ["--dialect", "nope", "a.acl"], ["--quiet=1", "a.acl"], ["--help"], ["-V"]],
  },
};

Deno.test("parsePlain() reads a plain command line as commander does, and leaves the rest to it", async (t) => {
  for (const def of DEFINED) {
    const lines = LINES[def.name];
    ok(lines !== undefined, `command lines for ${def.name}`);
    for (const words of lines.plain) {
      await t.step(`${def.name} ${words.join(" ")}`, async () => {
        const commander = await viaCommander(def, words);
        ok(typeof commander !== "string", `commander fails with ${commander}`);
        deepStrictEqual(parsePlain(def, words), commander);
      });
    }
    for (const words of lines.left) {
      await t.step(`${def.name} ${words.join(" ")} (commander's)`, () => {
        strictEqual(parsePlain(def, words), undefined);
      });
    }
  }
});

Deno.test("parsePlain() reads the plain lines of aclconv and check-syntax (start-up)", () => {
  const aclconv = DEFINED.find((d) => d.name === "aclconv")!;
  const check = DEFINED.find((d) => d.name === "check-syntax")!;
  deepStrictEqual(parsePlain(aclconv, ["--to", "junos", "a.acl"]), {
    args: [["a.acl"]],
    options: { to: "junos", from: "auto" },
  });
  deepStrictEqual(parsePlain(check, ["--json", "a.acl"]), {
    args: [["a.acl"]],
    options: { dialect: "auto", json: true },
  });
  strictEqual(parsePlain(check, []), undefined, "a missing argument: commander's error");
});
