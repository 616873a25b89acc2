/**
 * Runs a script in a fresh Deno process that prints `{"input": bytes,
 * "grew": bytes}` (the engine's memory growth, `engineMemoryBytes()`, over an
 * input) and returns the growth per input byte: WebAssembly memory only grows,
 * so its size after the work is the work's peak.
 *
 * @module
 */
import { ok } from "node:assert/strict";

/** The engine's growth per input byte that `script` reports. */
export async function engineGrowth(script: string): Promise<number> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--ext=ts", script],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  ok(out.success);
  const r = JSON.parse(new TextDecoder().decode(out.stdout)) as { input: number; grew: number };
  return r.grew / r.input;
}
