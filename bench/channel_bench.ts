/**
 * Channel throughput: a ~1 MB paged `show running-config`-like output (a
 * `--More--` with its erase sequence every 24 lines, some colour codes) fed
 * through the prompt engine in 4 KiB chunks. Reports time per MB.
 */
import { PromptEngine } from "../lib/channel/mod.ts";

const lines: string[] = [];
for (let i = 0; lines.join("\r\n").length < 1_000_000; i++) {
  lines.push(
    ` ip address 10.${(i >> 8) & 255}.${i & 255}.1 255.255.255.0 \x1b[1m! line ${i}\x1b[0m`,
  );
  if (i % 24 === 23) lines.push(` --More-- ${"\b".repeat(10)}${" ".repeat(10)}${"\b".repeat(10)}`);
}
const transcript = new TextEncoder().encode(
  `show running-config\r\n${lines.join("\r\n")}\r\nrouter1#`,
);
const CHUNK = 4096;
const MB = transcript.length / 1e6;

Deno.bench(`PromptEngine: ${MB.toFixed(2)} MB paged output in 4 KiB chunks`, () => {
  const engine = new PromptEngine({
    prompts: [{ mode: "privileged", pattern: String.raw`[\w.-]+#` }],
  });
  let prompts = 0;
  for (let i = 0; i < transcript.length; i += CHUNK) {
    for (const ev of engine.feed(transcript.subarray(i, i + CHUNK))) {
      if (ev.type === "prompt") prompts++;
    }
  }
  if (prompts !== 1) throw new Error("prompt not found");
});
