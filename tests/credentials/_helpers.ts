/**
 * Shared helpers for the credential tests: temporary folders that clean up,
 * fast scrypt costs, and running the CLI or a script as a subprocess.
 *
 * @module
 */
import { fileURLToPath } from "node:url";

/** Low scrypt costs so tests stay fast (production default is N=2^17). */
export const FAST_SCRYPT = { N: 1024, r: 8, p: 1 };

/** The repository root. */
export const ROOT: string = fileURLToPath(new URL("../../", import.meta.url));

/** A temporary folder removed at the end of the scope. */
export async function tempDir(): Promise<{ path: string } & AsyncDisposable> {
  const path = await Deno.makeTempDir({ prefix: "trigger-creds-" });
  return {
    path,
    async [Symbol.asyncDispose]() {
      await Deno.remove(path, { recursive: true });
    },
  };
}

/** What a subprocess did. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command with optional stdin text and returns its exit code and output. */
export async function run(
  cmd: string,
  args: string[],
  options: { stdin?: string; env?: Record<string, string>; cwd?: string; clearEnv?: boolean } = {},
): Promise<Run> {
  const child = new Deno.Command(cmd, {
    args,
    cwd: options.cwd ?? ROOT,
    clearEnv: options.clearEnv ?? false,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", ...(options.env ?? {}) },
  }).spawn();
  const writer = child.stdin.getWriter();
  if (options.stdin !== undefined) await writer.write(new TextEncoder().encode(options.stdin));
  await writer.close();
  const { code, stdout, stderr } = await child.output();
  const dec = new TextDecoder();
  return { code, stdout: dec.decode(stdout), stderr: dec.decode(stderr) };
}

/**
 * Runs `trigger tacacsrc ARGS` in a subprocess (with `clearEnv`, only the
 * given environment: nothing inherited from the test's own).
 */
export function tacacsrc(
  args: string[],
  options: { stdin?: string; env?: Record<string, string>; clearEnv?: boolean } = {},
): Promise<Run> {
  return run(Deno.execPath(), ["run", "-A", "cli/main.ts", "tacacsrc", ...args], options);
}
