/**
 * `deno task doc:lint`: `deno doc --lint` over every entry point that
 * `deno.json` exports (one list: the exports map), as CI and `deno task ok`
 * run it.
 *
 * @module
 */
import denoJson from "../../deno.json" with { type: "json" };

const entries = Object.values(denoJson.exports as Record<string, string>);
const { code } = await new Deno.Command(Deno.execPath(), {
  args: ["doc", "--lint", ...entries],
  stdout: "inherit",
  stderr: "inherit",
}).output();
Deno.exit(code);
