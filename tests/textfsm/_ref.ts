/**
 * Runs the reference implementation (Debian's python3-textfsm) over a batch
 * of jobs through `_ref.py`, one Python process per batch.
 *
 * @module
 */

/** One answer of the reference runner. */
export type RefAnswer =
  | { ok: true; header?: string[]; rows?: unknown[][]; superkey?: string[]; matches?: unknown[] }
  | { ok: false; kind: string; message: string };

const SCRIPT = new URL("./_ref.py", import.meta.url).pathname;

/** Runs jobs through Python's textfsm and returns one answer per job. */
export async function runReference(jobs: readonly unknown[]): Promise<RefAnswer[]> {
  const child = new Deno.Command("/usr/bin/python3", {
    args: [SCRIPT],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(jobs)));
  await writer.close();
  const { code, stdout, stderr } = await child.output();
  if (code !== 0) throw new Error(`_ref.py failed: ${new TextDecoder().decode(stderr)}`);
  return JSON.parse(new TextDecoder().decode(stdout));
}

/** The template/input pairs of `tests/textfsm/cases/`. */
export async function loadCases(): Promise<{ name: string; template: string; input: string }[]> {
  const dir = new URL("./cases/", import.meta.url).pathname;
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (e.name.endsWith(".textfsm")) names.push(e.name.slice(0, -".textfsm".length));
  }
  names.sort();
  return await Promise.all(names.map(async (name) => ({
    name,
    template: await Deno.readTextFile(`${dir}${name}.textfsm`),
    input: await Deno.readTextFile(`${dir}${name}.txt`),
  })));
}
