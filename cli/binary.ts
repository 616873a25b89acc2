/**
 * Entry point of the single `trigger` binary built with bun
 * (`deno task build:binary`): installs the `Deno` shim, then runs the same
 * `main` as `cli/main.ts`. Not used by `deno run`.
 *
 * @module
 */
import "./_deno_shim.ts";
import process from "node:process";
import { main } from "./main.ts";

process.exit(await main(process.argv.slice(2)));
