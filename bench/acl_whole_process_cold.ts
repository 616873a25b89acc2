// deno-lint-ignore-file no-console
/**
 * The engine cold and warm in one fresh process, for the whole-process rows
 * of `acl_whole_process_speed.ts`: how long importing the engine's modules
 * takes, then the calls `check-syntax` and `check-access --flows` make,
 * timed round by round (the first round runs the engine's baseline code
 * while V8 optimises its hot functions in the background; later rounds run
 * the optimised code):
 *
 * - `check`: `checkHeads` on an IOS file read into the engine in place, as
 *   `check-syntax` does;
 * - `compile`: `compileStreamed` of an ACL's text (the checkers
 *   `check-access --flows` compiles as the text is read).
 *
 * Run: deno run -A bench/acl_whole_process_cold.ts check|compile FILE [ROUNDS] [ROOT]
 * (ROOT: another checkout to measure, e.g. `.tmp/before`; default this one).
 *
 * @module
 */
const [what, file, rounds = "3", root] = Deno.args;
if ((what !== "check" && what !== "compile") || file === undefined) {
  console.error("usage: acl_whole_process_cold.ts check|compile FILE [ROUNDS] [ROOT]");
  Deno.exit(2);
}
// no node: import before the timed imports (it would load Deno's Node layer early)
const base = root === undefined
  ? new URL("..", import.meta.url)
  : new URL(`${root.replace(/\/$/, "")}/`, `file://${Deno.cwd()}/`);
const t0 = performance.now();
const engine = await import(new URL("lib/acl/_engine.ts", base).href);
const input = await import(new URL("cli/commands/_acl_input.ts", base).href);
const flows = await import(new URL("lib/acl/_flow_engine.ts", base).href);
const imported = performance.now() - t0;
const text = what === "compile" ? await Deno.readTextFile(file) : "";
const times: string[] = [];
for (let i = 0; i < Number(rounds); i++) {
  const a = performance.now();
  if (what === "check") engine.checkHeads(await input.aclInput(file), "auto");
  else if (flows.compileStreamed(text, "auto") === undefined) throw new Error("read whole");
  times.push((performance.now() - a).toFixed(0));
}
console.log(`modules ${imported.toFixed(1)} ms; ${what} rounds ${times.join(", ")} ms`);
