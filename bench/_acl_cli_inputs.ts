/**
 * Writes the inputs of the whole-process ACL command rows in
 * `bench/README.md` ("ACL commands, whole process"): a numbered IOS ACL of
 * 200,000 lines (~14 MB), one of 10,000 lines, and 200,000 JSON flows, from
 * the deterministic generators of `bench/_gen_acl.ts`.
 *
 * ```sh
 * deno run -A bench/_acl_cli_inputs.ts .tmp/bench
 * ```
 *
 * @module
 */
import { flows, iosText } from "./_gen_acl.ts";

const dir = Deno.args[0] ?? ".tmp/bench";
await Deno.mkdir(dir, { recursive: true });
await Deno.writeTextFile(`${dir}/ios200k.acl`, iosText(200_000));
await Deno.writeTextFile(`${dir}/ios10k.acl`, iosText(10_000));
const lines = flows(200_000).map((f) => JSON.stringify(f));
await Deno.writeTextFile(`${dir}/flows200k.jsonl`, lines.join("\n") + "\n");
await Deno.writeTextFile(
  `${dir}/flows1m.jsonl`,
  [...lines, ...lines, ...lines, ...lines, ...lines].join("\n") + "\n",
);
