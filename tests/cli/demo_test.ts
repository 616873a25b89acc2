import { match, ok, strictEqual } from "node:assert/strict";
import { LAB_PLATFORM_IDS } from "../../lib/lab/mod.ts";

Deno.test("trigger demo runs every platform of the lab end to end and cleans up", async () => {
  const o = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("../../cli/main.ts", import.meta.url).pathname,
      "demo",
      "--devices",
      String(LAB_PLATFORM_IDS.length * 2),
    ],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(o.stdout);
  const stderr = new TextDecoder().decode(o.stderr);
  strictEqual(o.code, 0, stderr);
  const n = LAB_PLATFORM_IDS.length;
  match(stdout, new RegExp(`${n * 2} devices up \\(${n} platforms\\)`));
  // every platform row: all devices ok, none failed
  const rows = [...stdout.matchAll(/^ {2}([a-z0-9_]+)\s+(\d+)\s+(\d+)$/gm)];
  strictEqual(rows.length, n, stdout);
  for (const [, platform, okCount, failed] of rows) {
    strictEqual(failed, "0", `${platform} failed: ${stderr}`);
    ok(Number(okCount) >= 2, platform);
  }
  // progress: one line per tenth done, not one per connect (it printed ~110 lines of 0/N)
  const progress = stderr.match(/^ {2}\d+\/\d+ done, /gm) ?? [];
  ok(progress.length >= 1 && progress.length <= 11, `${progress.length} progress lines`);
  match(stdout, /tcp\/443: PERMITTED by line 4/);
  match(stdout, /tcp\/22: DENIED/);
  match(stdout, /line 2, column \d+: port 70000 is out of range/);
  const dir = /wrote (\/tmp\/trigger-demo-[^/]+)\//.exec(stdout)?.[1];
  ok(dir, "demo names its temp dir");
  const gone = await Deno.stat(dir).then(() => false, () => true);
  strictEqual(gone, true, "temp dir removed");
});
