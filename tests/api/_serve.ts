/**
 * Test helpers for `trigger serve`: a token file with a read, a run and a
 * push token, and a serve process on a free port.
 *
 * @module
 */
import { startTrigger, type WorkerProcess } from "../distributed/_workers.ts";

/** The tokens of {@linkcode tokenFile}. */
export const TOKENS = {
  reader: "reader-token-0123456789",
  runner: "runner-token-0123456789",
  pusher: "pusher-token-0123456789",
};

/** Writes a 0600 token file with a read-only, a run and a push token. */
export async function tokenFile(dir: string): Promise<string> {
  const path = `${dir}/api_tokens.json`;
  await Deno.writeTextFile(
    path,
    JSON.stringify({
      tokens: [
        { name: "noc", token: TOKENS.reader, verbs: ["read"] },
        { name: "ops", token: TOKENS.runner, verbs: ["read", "run"] },
        { name: "admin", token: TOKENS.pusher, verbs: ["read", "run", "push"] },
      ],
    }),
    { mode: 0o600 },
  );
  await Deno.chmod(path, 0o600);
  return path;
}

/** Starts `trigger serve` on a free port; returns its base URL. */
export async function serve(
  env: Record<string, string>,
  args: string[],
): Promise<{ url: string; proc: WorkerProcess }> {
  const proc = await startTrigger(
    env,
    ["serve", "--listen", "127.0.0.1:0", ...args],
    /trigger serve: \S+/,
  );
  const url = (await proc.waitFor(/https?:\/\/127\.0\.0\.1:\d+/)).replace(/\/$/, "");
  return { url, proc };
}
