/**
 * `trigger <verb> ...`: the one command-line entry point.
 *
 * This is the only place (with `cli/commands/`) that prints, prompts or
 * exits. Errors end as one clear line on standard error: exit code 2 for bad
 * input or usage, 1 for an operation whose answer is "no" or that failed on
 * some device, as each verb documents.
 *
 * @module
 */
import { err, out } from "./_io.ts";
import { parsePlain } from "./_verb_definition.ts";
import { VERBS } from "./verbs.ts";
import { TriggerError } from "../lib/errors.ts";
import denoJson from "../deno.json" with { type: "json" };

/** The toolkit's version, from `deno.json`. */
export const VERSION: string = denoJson.version;

/** Folds `check_access` to `check-access` for the verb position only. */
export function normalizeArgs(args: readonly string[]): string[] {
  const out = [...args];
  const first = out.findIndex((a) => !a.startsWith("-"));
  if (first >= 0) out[first] = out[first]!.replaceAll("_", "-");
  return out;
}

/**
 * `deno task` runs a task in the checkout, and says where the user was in
 * `INIT_CWD`: relative paths on the command line and in the environment are
 * the user's, so go back there (the single binary starts there already).
 */
export function enterUserDirectory(): void {
  const init = Deno.env.get("INIT_CWD");
  const checkout = new URL("..", import.meta.url);
  if (!init || checkout.protocol !== "file:") return;
  try {
    const here = Deno.cwd();
    if (init !== here && here === Deno.realPathSync(checkout).replace(/\/$/, "")) Deno.chdir(init);
  } catch {
    // no permission to look: stay
  }
}

/** Runs the CLI with the given arguments and returns the exit code. */
export async function main(args: readonly string[]): Promise<number> {
  const argv = normalizeArgs(args);
  if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
    out(VERSION);
    return 0;
  }
  const wanted = argv.find((a) => !a.startsWith("-"));
  // a verb defined as data, on a plain command line: run without loading commander (start-up)
  const defined = VERBS.find((v) => v.name === wanted && argv[0] === wanted)?.define;
  if (defined !== undefined) {
    const def = await defined();
    const line = parsePlain(def, argv.slice(1));
    if (line !== undefined) {
      Deno.exitCode = 0;
      try {
        await def.action(line.args, line.options);
        return Deno.exitCode ?? 0;
      } catch (e) {
        return await reportError(e, wanted);
      }
    }
  }
  const { Command, CommanderError } = await import("commander");
  const program = new Command("trigger")
    .description("Trigger for Deno: network device automation, ACLs and inventory")
    .version(VERSION, "-V, --version")
    .exitOverride()
    .configureOutput({ writeErr: (s) => err(s.trimEnd()) });
  for (const verb of VERBS) {
    if (wanted === undefined || wanted === verb.name || wanted === "help") {
      const cmd = await verb.load();
      cmd.exitOverride();
      program.addCommand(cmd);
    } else {
      program.command(verb.name).description("(load to see options)");
    }
  }
  Deno.exitCode = 0;
  try {
    await program.parseAsync(argv, { from: "user" });
    return Deno.exitCode ?? 0;
  } catch (e) {
    // --help and --version end here with exit code 0; usage errors were printed by commander.
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    return await reportError(e, wanted);
  }
}

async function reportError(e: unknown, verb: string | undefined): Promise<number> {
  const prefix = verb ? `trigger ${verb}` : "trigger";
  if (e instanceof TriggerError) {
    // loaded only here: the hints read the settings and platform modules, which a verb that
    // succeeds never needs (~10 ms of start-up)
    const { hintFor } = await import("./_hints.ts");
    err(`${prefix}: ${e.message}${hintFor(e)}${e.host ? ` (device "${e.host}")` : ""} [${e.code}]`);
    return 2;
  }
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    err(`${prefix}: ${e.message}${typeof code === "string" ? ` [${code}]` : ""}`);
    return 2;
  }
  err(`${prefix}: ${String(e)}`);
  return 2;
}

if (import.meta.main) {
  enterUserDirectory();
  Deno.exit(await main(Deno.args));
}
