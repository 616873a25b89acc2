/**
 * `deno task build:binary`: builds `dist/trigger`, one standalone executable
 * with no network access needed. `deno compile` downloads its runtime, so the
 * binary is made by bun's compiler instead: the bun executable comes from its
 * npm package (`npm pack`, which works where install scripts are blocked),
 * cached in `.tmp/bun/`; bun bundles `cli/binary.ts` with the packages Deno put
 * in `node_modules/`.
 *
 * Environment: `BUN` (use this bun executable), `BUN_PACKAGE` (another npm
 * package, e.g. `@oven/bun-linux-x64-baseline` for CPUs without AVX2),
 * `TRIGGER_BINARY_OUT` (output path, default `dist/trigger`).
 *
 * @module
 */
// deno-lint-ignore-file no-console
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

/** The pinned bun release. */
export const BUN_VERSION = "1.4.5";

/** The npm package holding bun's executable for a platform. */
export function bunPackage(platform: string, arch: string): string {
  const os = platform === "win32" ? "windows" : platform;
  const cpu = arch === "arm64" ? "aarch64" : arch;
  const known = ["linux-x64", "linux-aarch64", "darwin-x64", "darwin-aarch64", "windows-x64"];
  if (!known.includes(`${os}-${cpu}`)) {
    throw new Error(`No bun package for ${platform}/${arch}; set BUN to a bun executable`);
  }
  return `@oven/bun-${os}-${cpu}`;
}

function run(cmd: string, args: string[], cwd: string): void {
  execFileSync(cmd, args, { cwd, stdio: ["ignore", "inherit", "inherit"] });
}

/** Returns a bun executable: `$BUN`, the cached one, or one unpacked from npm. */
function getBun(root: string): string {
  const fromEnv = process.env.BUN;
  if (fromEnv) return fromEnv;
  const pkg = process.env.BUN_PACKAGE ?? bunPackage(process.platform, process.arch);
  const dir = join(root, ".tmp", "bun", `${pkg.replace("@oven/", "")}-${BUN_VERSION}`);
  const exe = join(dir, "package", "bin", process.platform === "win32" ? "bun.exe" : "bun");
  if (existsSync(exe)) return exe;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  console.error(`Fetching ${pkg}@${BUN_VERSION} with npm pack`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const tgz = execFileSync(npm, ["pack", `${pkg}@${BUN_VERSION}`, "--silent"], {
    cwd: dir,
    encoding: "utf8",
  }).trim().split("\n").at(-1)!;
  run("tar", ["xzf", tgz], dir);
  if (!existsSync(exe)) throw new Error(`${pkg}@${BUN_VERSION} has no ${exe}`);
  return exe;
}

/** Builds the binary and returns its path. */
export function buildBinary(root: string): string {
  const out = resolve(root, process.env.TRIGGER_BINARY_OUT ?? "dist/trigger");
  console.error("deno install (node_modules/ for bun)");
  run(process.execPath, ["install"], root);
  const bun = getBun(root);
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.partial`;
  // ssh2 loads its optional native helpers (cpu-features, sshcrypto.node) in try/catch and
  // falls back to JavaScript: leave them out of the bundle.
  const external = ["cpu-features", "*.node"].flatMap((x) => ["--external", x]);
  // the shard threads of `run-cmds --workers N` start from their own entry point
  const entries = ["cli/binary.ts", "cli/_shard_worker.ts"];
  run(bun, ["build", "--compile", ...external, ...entries, "--outfile", tmp], root);
  renameSync(tmp, out);
  const version = execFileSync(out, ["--version"], { encoding: "utf8" }).trim();
  const mb = (statSync(out).size / 1024 / 1024).toFixed(1);
  console.log(`${out}: ${mb} MB, trigger --version prints ${version}`);
  return out;
}

if (import.meta.main) {
  buildBinary(resolve(dirname(fileURLToPath(import.meta.url)), "..", ".."));
}
