/**
 * The Telnet login state machine (Trigger's `TriggerTelnet`): answer the
 * user name and password prompts, optionally enter enable mode, and detect
 * failures. Works on any {@linkcode ShellTransport}.
 *
 * Kept (issue 16 §3 review): device login dialogs (user, password, enable,
 * failure banners) are this toolkit's domain; no Telnet library knows them.
 *
 * @module
 */

import { TriggerError } from "../errors.ts";
import { raceAbort } from "../_util/abort.ts";
import type { ShellTransport } from "./transport.ts";
import { maskSecrets } from "../credentials/mask.ts";

/** Credentials for {@linkcode telnetLogin}. */
export interface TelnetCredentials {
  /** User name, sent when the device asks for one. */
  username?: string;
  /** Login password. */
  password: string;
  /**
   * The password of a login that asks for no user name (the inventory's
   * `loginPW`); default: `password`.
   */
  loginPassword?: string;
  /**
   * Enable password; when given and the device shows an unprivileged prompt,
   * `enable` is sent and this password answers its prompt.
   */
  enablePassword?: string;
  /**
   * Prompt patterns (e.g. from a platform profile); each field replaces the
   * default of the same name.
   */
  patterns?: Partial<TelnetLoginPatterns>;
}

/** The patterns the state machine matches against the end of what it read. */
export interface TelnetLoginPatterns {
  /** User name prompts (`Username:`, `login:`, `login as:`, `User Name:`, `user:`). */
  username: RegExp[];
  /** Password prompts. */
  password: RegExp[];
  /** Text that means the login (or enable) was refused. */
  failure: RegExp[];
  /** An unprivileged prompt (IOS `>`). */
  prompt: RegExp;
  /** A privileged prompt (IOS `#`); login is complete when it is seen. */
  privilegedPrompt: RegExp;
}

/** Default patterns, close to Trigger's and scrapli's. */
export const DEFAULT_TELNET_LOGIN_PATTERNS: Readonly<TelnetLoginPatterns> = Object.freeze({
  username: [
    /(?:^|[\r\n])[ \t]*(?:user ?name|user)[ \t]*:[ \t]*$/i,
    /(?<!last )login[ \t]*:[ \t]*$/i,
    /(?:^|[\r\n])[ \t]*login as[ \t]*:[ \t]*$/i,
    /please enter login name[ \t]*:[ \t]*$/i,
  ],
  password: [/pass(?:word|code)[ \t]*:[ \t]*$/i],
  failure: [
    /%\s*login invalid/i,
    /login incorrect/i,
    /%\s*authentication failed/i,
    /access denied/i,
    /incorrect password/i,
    /%\s*bad (?:passwords|secrets)/i,
  ],
  prompt: /(?:^|[\r\n])[^\r\n#>$]*[\w)\]]>[ \t]*$/,
  privilegedPrompt: /(?:^|[\r\n])[^\r\n#>$]*[\w)\]]#[ \t]*$/,
});

/** Options accepted by {@linkcode telnetLogin}. */
export interface TelnetLoginOptions {
  /**
   * Milliseconds allowed for the whole login.
   *
   * @default {30000}
   */
  timeoutMs?: number;
  /**
   * Line ending sent after each answer.
   *
   * @default {"\n"}
   */
  returnChar?: string;
  /**
   * Aborts the login.
   *
   * @default {undefined}
   */
  signal?: AbortSignal;
}

/** The outcome of a successful {@linkcode telnetLogin}. */
export interface TelnetLoginResult {
  /** The prompt line the device showed last (e.g. `switch1#`). */
  prompt: string;
  /** Whether that prompt is privileged (matched `privilegedPrompt`). */
  privileged: boolean;
  /** Everything read during the login (banners, MOTD), secrets redacted. */
  transcript: string;
}

type Stage = "start" | "sentUsername" | "sentPassword" | "sentEnable" | "sentEnablePassword";

/** Bytes kept for error messages. */
const TAIL = 200;

/**
 * Logs in over an open transport by answering prompts.
 *
 * @param transport An open transport, positioned before the login prompts.
 * @param credentials User name, passwords and optional prompt patterns.
 * @param options Timeout, line ending and abort signal.
 * @returns The final prompt and the login transcript.
 * @throws {TriggerError} `AUTH_FAILED` when the device refuses the
 * credentials (failure text or a second user name prompt),
 * `CREDENTIALS_MISSING` when it asks for a user name and none was given,
 * `TIMEOUT` (with the last bytes seen) when no known prompt arrives in time,
 * `TRANSPORT_CLOSED` when the device hangs up, `CANCELLED` on abort.
 *
 * @example Log in to a scripted device
 * ```ts
 * import { type ShellTransport, telnetLogin } from "@trigger/trigger/transport";
 * import { strictEqual } from "node:assert/strict";
 *
 * const script = ["Username: ", "Password: ", "\r\nsw1>", "Password: ", "\r\nsw1#"];
 * const sent: string[] = [];
 * const transport: ShellTransport = {
 *   host: "sw1",
 *   kind: "lab",
 *   read: () => Promise.resolve(new TextEncoder().encode(script.shift() ?? "")),
 *   write: (d) => {
 *     sent.push(String(d));
 *     return Promise.resolve();
 *   },
 *   close: () => Promise.resolve(),
 * };
 * const r = await telnetLogin(transport, { username: "u", password: "p", enablePassword: "e" });
 * strictEqual(r.prompt, "sw1#");
 * strictEqual(r.privileged, true);
 * strictEqual(sent.join(""), "u\np\nenable\ne\n");
 * ```
 */
export async function telnetLogin(
  transport: ShellTransport,
  credentials: TelnetCredentials,
  options: TelnetLoginOptions = {},
): Promise<TelnetLoginResult> {
  const { timeoutMs = 30000, returnChar = "\n", signal } = options;
  const p: TelnetLoginPatterns = { ...DEFAULT_TELNET_LOGIN_PATTERNS, ...credentials.patterns };
  const host = transport.host;
  const secrets = [credentials.password, credentials.loginPassword, credentials.enablePassword]
    .filter(
      (s): s is string => s !== undefined && s !== "",
    );
  const redact = (text: string) => maskSecrets(text, secrets, "<redacted>");
  const decoder = new TextDecoder();
  let transcript = "";
  let pending = ""; // text read since the last answer
  let stage = "start" as Stage;

  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), timeoutMs);
  const readSignal = signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal;
  const fail = (code: "AUTH_FAILED" | "CREDENTIALS_MISSING", why: string): never => {
    throw new TriggerError(code, `Cannot log in to "${host}": ${why}`, { host });
  };
  const send = async (text: string, next: Stage) => {
    pending = "";
    stage = next;
    await transport.write(text + returnChar);
  };

  try {
    while (true) {
      let chunk: Uint8Array | null;
      try {
        // also race the read, for transports that ignore the signal
        chunk = await raceAbort(transport.read(readSignal), readSignal, `Login to "${host}"`, host);
      } catch (err) {
        if (timeout.signal.aborted && !signal?.aborted) {
          throw new TriggerError(
            "TIMEOUT",
            `Cannot log in to "${host}": no known prompt after ${timeoutMs} ms, last output ${
              JSON.stringify(redact(transcript).slice(-TAIL))
            }`,
            { host, cause: err },
          );
        }
        throw err;
      }
      if (chunk === null) {
        throw new TriggerError(
          "TRANSPORT_CLOSED",
          `Cannot log in to "${host}": connection closed, last output ${
            JSON.stringify(redact(transcript).slice(-TAIL))
          }`,
          { host },
        );
      }
      const text = decoder.decode(chunk, { stream: true });
      transcript += text;
      pending += text;

      if (stage !== "start") {
        const failure = p.failure.find((re) => re.test(pending));
        if (failure) {
          const line = pending.slice(pending.search(failure)).split(/\r?\n/)[0]?.trim() ?? "";
          fail("AUTH_FAILED", `device answered ${JSON.stringify(redact(line))}`);
        }
      }
      if (p.username.some((re) => re.test(pending))) {
        if (stage !== "start") fail("AUTH_FAILED", "device asked for the user name again");
        if (credentials.username === undefined) {
          fail("CREDENTIALS_MISSING", "device asked for a user name and none was given");
        }
        await send(credentials.username!, "sentUsername");
      } else if (p.password.some((re) => re.test(pending))) {
        if (stage === "start") {
          await send(credentials.loginPassword ?? credentials.password, "sentPassword");
        } else if (stage === "sentUsername") {
          await send(credentials.password, "sentPassword");
        } else if (stage === "sentEnable" && credentials.enablePassword !== undefined) {
          await send(credentials.enablePassword, "sentEnablePassword");
        } else fail("AUTH_FAILED", "device asked for the password again");
      } else if (p.privilegedPrompt.test(pending)) {
        return done(pending, true);
      } else if (p.prompt.test(pending)) {
        if (
          (stage === "start" || stage === "sentPassword") &&
          credentials.enablePassword !== undefined
        ) {
          await send("enable", "sentEnable");
        } else if (stage === "sentEnable" || stage === "sentEnablePassword") {
          fail("AUTH_FAILED", "enable was refused");
        } else return done(pending, false);
      }
    }
  } finally {
    clearTimeout(timer);
  }

  function done(text: string, privileged: boolean): TelnetLoginResult {
    const lines = text.split(/\r?\n|\r/);
    const prompt = (lines[lines.length - 1] ?? "").trim();
    return { prompt, privileged, transcript: redact(transcript) };
  }
}
