/**
 * One error spine: text-parse errors are TriggerErrors (and still
 * SyntaxErrors), one CANCELLED error, one abort helper, no bare `Error`
 * thrown from library code.
 */
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { isTriggerError, TriggerError, TriggerSyntaxError } from "../../lib/errors.ts";
import { AclSyntaxError, AclUnsupportedError, parse } from "../../lib/acl/mod.ts";
import { loadSettings } from "../../lib/settings/mod.ts";
import { compilePyRegex } from "../../lib/textfsm/py_regex.ts";
import { NetconfRpcError } from "../../lib/netconf/rpc_error.ts";

const LIB = new URL("../../lib/", import.meta.url);

async function* libFiles(dir: URL = LIB): AsyncGenerator<[string, string]> {
  for await (const e of Deno.readDir(dir)) {
    const url = new URL(e.name + (e.isDirectory ? "/" : ""), dir);
    if (e.isDirectory) yield* libFiles(url);
    else if (e.name.endsWith(".ts")) {
      yield [url.pathname.slice(LIB.pathname.length), await Deno.readTextFile(url)];
    }
  }
}

/** Code lines only: JSDoc and comment lines out. */
function code(text: string): string[] {
  return text.split("\n").filter((l) => !/^\s*(\*|\/\/|\/\*)/.test(l));
}

Deno.test("AclSyntaxError is a TriggerError with code, line, column and diagnostics, and a SyntaxError", () => {
  let caught: unknown;
  try {
    parse("access-list 100 permit tcp any any eq 22\naccess-list 100 frobnicate ip any any\n");
  } catch (x) {
    caught = x;
  }
  ok(caught instanceof AclSyntaxError);
  ok(caught instanceof SyntaxError, "instanceof SyntaxError still holds");
  ok(caught instanceof TriggerError);
  ok(caught instanceof TriggerSyntaxError);
  ok(isTriggerError(caught, "ACL_SYNTAX"));
  strictEqual(caught.code, "ACL_SYNTAX");
  strictEqual(caught.line, 2);
  ok(caught.column > 1);
  ok(caught.diagnostics.length >= 1);
  // subclasses stay precise
  ok(!(caught instanceof AclUnsupportedError));
  ok(!(caught instanceof NetconfRpcError));
  ok(!(new TriggerError("TIMEOUT", "x") instanceof TriggerSyntaxError));
});

Deno.test("other text-parse errors: the settings file, a TextFSM pattern", () => {
  const dir = Deno.makeTempDirSync();
  try {
    Deno.writeTextFileSync(`${dir}/settings.json`, '{\n  "commandoMaxConns": 5,\n  oops\n}\n');
    throws(
      () => loadSettings({ path: `${dir}/settings.json`, env: { HOME: dir } }),
      (e) =>
        isTriggerError(e, "SETTINGS_INVALID") && e instanceof TriggerSyntaxError &&
        e.line === 3 && e.column === 3 && e.source === `${dir}/settings.json`,
    );
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
  throws(
    () => compilePyRegex("(abc"),
    (e) => isTriggerError(e, "TEMPLATE_INVALID") && e instanceof SyntaxError,
  );
});

Deno.test("library code throws no bare Error, wires no abort listener by hand, builds CANCELLED once", async () => {
  const bare: string[] = [];
  const listeners: string[] = [];
  const cancelled: string[] = [];
  const errorClasses: string[] = [];
  for await (const [file, text] of libFiles()) {
    // the web page's browser code (and its generated copy) is not library code
    if (file.startsWith("api/web/")) continue;
    code(text).forEach((line, i) => {
      const at = `lib/${file}:${i + 1}`;
      if (/throw new Error\(/.test(line)) bare.push(at);
      if (/addEventListener\(\s*"abort"/.test(line) && file !== "_util/abort.ts") {
        listeners.push(at);
      }
      if (/new TriggerError\(\s*"CANCELLED"/.test(line) && file !== "errors.ts") cancelled.push(at);
      const m = /class (\w+) extends (Error|SyntaxError|TypeError|RangeError)\b/.exec(line);
      if (m && file !== "errors.ts") errorClasses.push(`${at} ${m[1]}`);
    });
  }
  deepStrictEqual(bare, []);
  deepStrictEqual(listeners, []);
  deepStrictEqual(cancelled, []);
  deepStrictEqual(errorClasses, []);
});
