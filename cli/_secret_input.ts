/**
 * Secret values for CLI verbs: from standard input (one value per line, in
 * the order the verb documents) or, when standard input is a terminal, from
 * hidden prompts. Also the terminal {@linkcode CredentialPrompt} that verbs
 * pass to `resolveCredentials`.
 *
 * @module
 */
import process from "node:process";
import { input, password } from "@inquirer/prompts";
import { err, UsageError } from "./_io.ts";
import type { CredentialInput, CredentialPrompt } from "../lib/credentials/mod.ts";
import { currentLogin } from "../lib/credentials/mod.ts";

/** Whether a person can be asked: standard input is a terminal. */
export function canPrompt(): boolean {
  try {
    return Deno.stdin.isTerminal();
  } catch {
    return false;
  }
}

/** Asks for a value with echo off (prompt text on standard error). */
export async function askHidden(message: string): Promise<string> {
  return await password({ message, mask: false }, { output: process.stderr });
}

/** Asks for a visible value (prompt text on standard error). */
export async function askVisible(message: string, fallback?: string): Promise<string> {
  const config = fallback === undefined ? { message } : { message, default: fallback };
  return await input(config, { output: process.stderr });
}

/** Options of {@linkcode SecretInput.next}. */
export interface NextOptions {
  /** An absent or empty value gives `undefined` instead of an error. */
  optional?: boolean;
  /** On a terminal, ask twice and compare. */
  confirm?: boolean;
}

/**
 * Hands out secret values in order: lines of standard input when it is not
 * a terminal (read once; a trailing `\r` is dropped; spaces are kept), or
 * hidden prompts when it is.
 */
export class SecretInput {
  #lines: string[] | undefined;
  readonly #terminal = canPrompt();

  /** Whether values come from hidden prompts rather than piped lines. */
  get interactive(): boolean {
    return this.#terminal;
  }

  /**
   * Returns the next value.
   *
   * @param label What the value is, for prompts and error messages.
   * @param options Whether it may be empty, and whether to confirm it.
   */
  async next(label: string, options: NextOptions = {}): Promise<string | undefined> {
    const { optional = false, confirm = false } = options;
    let value: string | undefined;
    if (this.#terminal) {
      value = await askHidden(optional ? `${label} (empty for none):` : `${label}:`);
      if (confirm && value !== "" && (await askHidden(`${label} (again):`)) !== value) {
        throw new UsageError(`The two ${label.toLowerCase()} entries did not match`);
      }
    } else {
      this.#lines ??= await readLines();
      value = this.#lines.shift();
    }
    if (value === undefined || value === "") {
      if (optional) return undefined;
      throw new UsageError(
        value === undefined
          ? `Standard input ended before the ${label.toLowerCase()}`
          : `The ${label.toLowerCase()} must not be empty`,
      );
    }
    return value;
  }

  /** Throws if piped input has lines nobody asked for. */
  finish(): void {
    if (this.#lines?.some((l) => l !== "")) {
      throw new UsageError("Standard input has more lines than expected");
    }
  }
}

async function readLines(): Promise<string[]> {
  const text = await new Response(Deno.stdin.readable).text();
  const lines = text.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/**
 * The terminal credential prompt for `resolveCredentials`, or `undefined`
 * when standard input is not a terminal (then missing credentials are an
 * error telling how to set them).
 *
 * @returns A prompt asking username, password (twice) and enable password.
 */
export function terminalCredentialPrompt(): CredentialPrompt | undefined {
  if (!canPrompt()) return undefined;
  return async ({ realm }) => {
    err(`No credentials for realm "${realm}"; they will be saved in the credential store`);
    const username = await askVisible("Username:", currentLogin());
    if (username.trim() === "") return undefined;
    const secrets = new SecretInput();
    const pw = await secrets.next("Password", { confirm: true });
    const entry: CredentialInput = { username: username.trim(), password: pw! };
    const enable = await secrets.next("Enable password", { optional: true });
    if (enable !== undefined) entry.enablePassword = enable;
    return entry;
  };
}
