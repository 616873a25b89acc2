/**
 * Streaming conversion and check (`convertChunks`, `checkHeads`; the engine's
 * `acl_stream_*`): the pieces joined are `convertBytes`'s output byte for byte,
 * with the same warnings and errors, and the engine's memory stays near the
 * input's size where the whole conversion takes ~13 bytes per input byte
 * (issue 12 item 14).
 */
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { fileURLToPath as fromFileUrl } from "node:url";
import {
  ACL_FORMATS,
  type AclFormat,
  AclSyntaxError,
  convertChunks,
  type Diagnostic,
} from "../../lib/acl/mod.ts";
import { convertBytes } from "../../lib/acl/parse.ts";
import { checkHeads, parseWithDiagnostics } from "../../lib/acl/_engine.ts";
import { engineGrowth } from "./_engine_memory.ts";

const ROOT = fromFileUrl(new URL("./golden/", import.meta.url));
const enc = new TextEncoder();

function joined(pieces: Iterable<Uint8Array>): Uint8Array {
  const copies = Array.from(pieces, (p) => p.slice());
  const all = new Uint8Array(copies.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of copies) {
    all.set(p, at);
    at += p.length;
  }
  return all;
}

/** The result of a conversion: its bytes and warnings, or the error's class and diagnostics. */
function outcome(run: (onWarning: (d: Diagnostic) => void) => Uint8Array): unknown {
  const warnings: Diagnostic[] = [];
  try {
    return { out: new TextDecoder().decode(run((d) => warnings.push(d))), warnings };
  } catch (e) {
    const ds = (e as { diagnostics?: Diagnostic[] }).diagnostics;
    return { error: (e as Error).constructor.name, message: (e as Error).message, ds };
  }
}

async function goldenInputs(): Promise<[string, Uint8Array][]> {
  const out: [string, Uint8Array][] = [];
  for await (const d of Deno.readDir(ROOT)) {
    if (!d.isDirectory) continue;
    for await (const f of Deno.readDir(`${ROOT}${d.name}`)) {
      if (f.name.endsWith(".acl")) {
        out.push([`${d.name}/${f.name}`, await Deno.readFile(`${ROOT}${d.name}/${f.name}`)]);
      }
    }
  }
  return out.sort(([a], [b]) => a < b ? -1 : 1);
}

Deno.test("convertChunks() joined equals convertBytes() on every golden input and format", async () => {
  const inputs = await goldenInputs();
  ok(inputs.length >= 50);
  for (const [name, bytes] of inputs) {
    for (const to of ACL_FORMATS) {
      for (const blockBytes of [1, 200]) {
        const opts = { replace: to === "junos" };
        const want = outcome((onWarning) => convertBytes(bytes, to, { ...opts, onWarning }));
        const got = outcome((onWarning) =>
          joined(convertChunks(bytes, to, { ...opts, onWarning, blockBytes }))
        );
        deepStrictEqual(got, want, `${name} → ${to}, block ${blockBytes}`);
      }
    }
  }
});

/** Three lists (numbered, named IPv4, IPv6) of `n` entries each, with remarks. */
function mixed(n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) {
    s += `access-list 120 permit tcp host 10.0.${i >> 8 & 255}.${i & 255} any eq ${i % 1000 + 1}\n`;
    if (i % 50 === 0) s += "access-list 120 remark batch\n";
  }
  s += "ip access-list extended WEB\n";
  for (let i = 0; i < n; i++) s += ` permit udp any 192.0.2.0 0.0.0.255 range ${i} ${i + 10}\n`;
  s += "ipv6 access-list WEB6\n";
  for (let i = 0; i < n; i++) s += ` deny tcp 2001:db8:${i.toString(16)}::/48 any eq 22\n`;
  return s;
}

Deno.test("convertChunks() streams several IPv4 and IPv6 lists in many pieces, as convertBytes()", () => {
  const bytes = enc.encode(mixed(3000));
  for (const to of ["junos", "ios-named", "iosxr", "eos", "nxos", "asa"] as AclFormat[]) {
    const pieces = Array.from(convertChunks(bytes, to, { blockBytes: 8192 }), (p) => p.slice());
    ok(pieces.length > 10, `${to}: ${pieces.length} pieces`);
    deepStrictEqual(joined(pieces), convertBytes(bytes, to), to);
  }
});

Deno.test("convertChunks() throws a late error before yielding anything", () => {
  const text = mixed(2000) + "access-list 150 permit tcp any any eq 70000\n";
  const gen = convertChunks(enc.encode(text), "junos", { blockBytes: 4096 });
  let err: unknown;
  try {
    gen.next();
  } catch (e) {
    err = e;
  }
  ok(err instanceof AclSyntaxError);
  strictEqual(err.diagnostics[0]!.span.line, text.split("\n").length - 1);
  strictEqual(err.diagnostics[0]!.span.column, 39);
});

Deno.test("convertChunks() refuses a bad blockBytes, format or dialect", () => {
  const b = enc.encode("access-list 101 permit ip any any\n");
  throws(() => convertChunks(b, "junos", { blockBytes: 0 }).next(), RangeError);
  throws(() => convertChunks(b, "nope" as AclFormat).next(), RangeError);
  throws(() => convertChunks(b, "junos", { from: "nope" as "ios" }).next(), RangeError);
});

Deno.test("checkHeads() answers as the lazy parse, errors included", async () => {
  for (const [name, bytes] of await goldenInputs()) {
    const want = outcome(() => {
      const r = parseWithDiagnostics(bytes, "auto", { lazy: true });
      return enc.encode(JSON.stringify(r));
    });
    const got = outcome(() => enc.encode(JSON.stringify(checkHeads(bytes, "auto", 97))));
    deepStrictEqual(got, want, name);
  }
});

/** Runs a conversion of a generated ~`mb` MB IOS list in a fresh process; returns the engine's memory. */
async function engineMemory(mode: "chunks" | "whole" | "check", mb: number): Promise<number> {
  const script = `
    import { iosText } from "${new URL("../../bench/_gen_acl.ts", import.meta.url)}";
    import { convertChunks } from "${new URL("../../lib/acl/convert_chunks.ts", import.meta.url)}";
    import { convertBytes } from "${new URL("../../lib/acl/parse.ts", import.meta.url)}";
    import { checkHeads } from "${new URL("../../lib/acl/_engine.ts", import.meta.url)}";
    import { engineMemoryBytes } from "${new URL("../../lib/acl/_wasm.ts", import.meta.url)}";
    const bytes = new TextEncoder().encode(iosText(${Math.round(mb * 14_000)}));
    const base = engineMemoryBytes();
    let n = 0;
    if ("${mode}" === "chunks") for (const p of convertChunks(bytes, "junos")) n += p.length;
    else if ("${mode}" === "whole") n = convertBytes(bytes, "junos").length;
    else n = checkHeads(bytes, "auto").acls[0].termCount;
    console.log(JSON.stringify({ input: bytes.length, grew: engineMemoryBytes() - base, n }));
  `;
  return await engineGrowth(script);
}

Deno.test("convertChunks() and checkHeads() keep the engine's memory near the input's size", async () => {
  // 20 MB of IOS: the whole conversion grows the engine by ~13x its input (IR + output)
  const whole = await engineMemory("whole", 20);
  const chunks = await engineMemory("chunks", 20);
  const check = await engineMemory("check", 20);
  ok(whole > 8, `the whole conversion grew ${whole.toFixed(1)}x`);
  ok(chunks < 2, `the streaming conversion grew ${chunks.toFixed(2)}x its input`);
  ok(check < 2, `the streaming check grew ${check.toFixed(2)}x its input`);
});
