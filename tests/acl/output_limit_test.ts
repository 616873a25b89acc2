/**
 * An engine output longer than a JavaScript string can be (V8: 2^29 - 24
 * characters, ~512 MiB) is `INPUT_TOO_LARGE` naming its size and the limit,
 * not `WASM_FAILED` with the engine dropped (issue 12 item 14).
 */
import { ok, strictEqual } from "node:assert/strict";
import { MAX_STRING_LENGTH, outputText } from "../../lib/acl/_wasm.ts";
import { TriggerError } from "../../lib/errors.ts";
import { convert } from "../../lib/acl/mod.ts";

Deno.test("outputText() refuses an output longer than a string with INPUT_TOO_LARGE", () => {
  const buffer = new ArrayBuffer(16);
  let err: unknown;
  try {
    outputText(buffer, 0, MAX_STRING_LENGTH + 1);
  } catch (e) {
    err = e;
  }
  ok(err instanceof TriggerError);
  strictEqual(err.code, "INPUT_TOO_LARGE");
  ok(err.message.includes(String(MAX_STRING_LENGTH + 1)), err.message);
  ok(err.message.includes(String(MAX_STRING_LENGTH)), err.message);
  ok(err.message.includes("convertChunks"), err.message);
  strictEqual(outputText(new TextEncoder().encode("abc").buffer, 1, 2), "bc");
});

Deno.test("the limit is the runtime's: one more character than MAX_STRING_LENGTH cannot be made", () => {
  let made = true;
  try {
    "x".repeat(MAX_STRING_LENGTH + 1);
  } catch {
    made = false;
  }
  strictEqual(made, false);
  // and the engine still converts after a refusal (it was not dropped)
  ok(convert("access-list 101 permit ip any any\n", "junos").startsWith("filter 101"));
});
