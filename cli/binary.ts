/**
 * Entry point of the single `trigger` binary built with bun
 * (`deno task build:binary`): installs the `Deno` shim, then runs the same
 * `main` as `cli/main.ts`. Not used by `deno run`. Started with
 * `__textfsm-parse-child` it serves as the TextFSM parse child process
 * (`lib/textfsm/parse_worker.ts`) instead.
 *
 * @module
 */
import "./_deno_shim.ts";
import process from "node:process";
import { main } from "./main.ts";
import { PARSE_CHILD_ARG } from "../lib/textfsm/parse_worker.ts";
import { runParseChild } from "../lib/textfsm/_parse_child.ts";

if (process.argv[2] === PARSE_CHILD_ARG) {
  await runParseChild();
  process.exit(0);
}
process.exit(await main(process.argv.slice(2)));
