/**
 * Text crosses into the engine encoded in place when it is ASCII and encoded
 * first otherwise (`lib/acl/_wasm.ts`): both paths must give the same results.
 */
import { ok, strictEqual as assertEquals } from "node:assert/strict";
import { convert, parse } from "../../lib/acl/mod.ts";

Deno.test("non-ASCII remarks survive conversion and parsing", () => {
  const text = "ip access-list extended EDGE\n remark café 💥 naïve\n permit tcp any any eq 443\n";
  ok(convert(text, "ios-named").includes(" remark café 💥 naïve\n"));
  ok(convert(text, "junos").includes("café 💥 naïve"));
  const acl = parse(text);
  assertEquals(acl.terms.length, 1);
  assertEquals(acl.output("ios-named"), convert(text, "ios-named"));
});

Deno.test("a non-ASCII character at the very end of long ASCII text", () => {
  const ascii = "ip access-list extended EDGE\n" +
    " permit tcp any any eq 443\n".repeat(2000) + " remark end\n";
  const plain = convert(ascii, "iosxr");
  const accented = convert(ascii.replace("remark end", "remark endé"), "iosxr");
  assertEquals(accented, plain.replace("remark end", "remark endé"));
});

Deno.test("empty text gives the same answer on each call", () => {
  const run = () => {
    try {
      return convert("", "junos");
    } catch (e) {
      return `${(e as Error).name}: ${(e as Error).message}`;
    }
  };
  assertEquals(run(), run());
});
