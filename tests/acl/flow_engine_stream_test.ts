/**
 * Checkers compiled as the engine reads the text (`compileStreamed`,
 * `acl_compile_stream`; issue 12 item 14 for `check-access --flows`): the
 * engine's memory grows by about half of what the lazy parse the checkers were
 * compiled from before grows it (that holds the IR of the whole text, ~13
 * bytes per input byte).
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { AclSyntaxError } from "../../lib/acl/mod.ts";
import { compileStreamed } from "../../lib/acl/_flow_engine.ts";
import { parseWithDiagnostics } from "../../lib/acl/_engine.ts";
import { callText, currentGeneration, release } from "../../lib/acl/_wasm.ts";
import { engineGrowth } from "./_engine_memory.ts";

/** Compiles a generated ~`mb` MB IOS list in a fresh process; returns the engine's growth per input byte. */
async function engineMemory(mode: "stream" | "lazy", mb: number): Promise<number> {
  const script = `
    import { iosText } from "${new URL("../../bench/_gen_acl.ts", import.meta.url)}";
    import { compileStreamed } from "${new URL("../../lib/acl/_flow_engine.ts", import.meta.url)}";
    import { parseWithDiagnostics } from "${new URL("../../lib/acl/_engine.ts", import.meta.url)}";
    import { callText, engineMemoryBytes } from "${new URL(
    "../../lib/acl/_wasm.ts",
    import.meta.url,
  )}";
    const text = iosText(${Math.round(mb * 14_000)});
    const base = engineMemoryBytes();
    const streamed = "${mode}" === "stream" ? compileStreamed(text, "auto") : undefined;
    const n = streamed
      ? streamed.heads[0].termCount
      : parseWithDiagnostics(text, "auto", { lazy: true, termLines: true }).acls[0].termCount;
    const c = streamed
      ? callText("acl_compile", { input: "kept", kept: streamed.kept, dialect: "auto", index: 0 }, "")
      : callText("acl_compile", { input: "text", dialect: "auto", index: 0 }, text);
    if (c.status < 0) throw new Error("compile failed");
    console.log(JSON.stringify({ input: new TextEncoder().encode(text).length, grew: engineMemoryBytes() - base, n }));
  `;
  return await engineGrowth(script);
}

Deno.test("compileStreamed() keeps the engine's memory near the input's size", async () => {
  const lazy = await engineMemory("lazy", 20);
  const stream = await engineMemory("stream", 20);
  // 20 MB of IOS: the lazy parse grows the engine by ~13x its input, the streaming compile by
  // ~7x (the text, the compiled terms and their index, the term lines)
  ok(lazy > 11, `the lazy parse and compile grew ${lazy.toFixed(1)}x`);
  ok(stream < 8, `the streaming compile grew ${stream.toFixed(2)}x its input`);
});

Deno.test("compileStreamed() reports errors as the parse does, and leaves Junos to it", () => {
  const bad = "ip access-list extended A\n permit tcp any any eq 22\n permit bogus any any\n";
  const caught = (f: () => unknown): AclSyntaxError => {
    try {
      f();
    } catch (e) {
      if (e instanceof AclSyntaxError) return e;
      throw e;
    }
    throw new TypeError("no error");
  };
  const streamed = caught(() => compileStreamed(bad, "ios"));
  const whole = caught(() => parseWithDiagnostics(bad, "ios", { lazy: true, termLines: true }));
  deepStrictEqual(streamed.diagnostics, whole.diagnostics);
  strictEqual(streamed.diagnostics[0]?.span.line, 3);
  strictEqual(compileStreamed("filter f { term a { then accept; } }", "auto"), undefined);
  const text = "ip access-list extended A\n permit tcp any any eq 22\n";
  const ok1 = compileStreamed(text, "auto");
  strictEqual(ok1?.heads[0]?.termCount, 1);
  strictEqual(JSON.stringify(ok1?.heads[0]?.termLines), "[[null,2]]");
  // the checker is taken by the key, once; a wrong key or a second take is refused (the caller
  // then compiles from the text)
  const take = (kept: string) =>
    callText("acl_compile", { input: "kept", kept, dialect: "auto", index: 0 }, "").status;
  strictEqual(take("12-0000000000000000"), -1);
  const handle = take(ok1!.kept);
  ok(handle >= 0, `status ${handle}`);
  strictEqual(take(ok1!.kept), -1);
  release(handle, currentGeneration());
});
