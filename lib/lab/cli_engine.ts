/**
 * The shared CLI engine behind every emulated platform: a sans-IO state
 * machine fed with the bytes a client types, which writes back what the
 * device would (echo, prompts, paged output, errors). Vendors differ only in
 * the {@linkcode LabPlatform} data the engine is given.
 *
 * @module
 */
import { matchCommand } from "./command_match.ts";
import type { LabCommand, LabMode, LabPlatform } from "./profile.ts";
import { render } from "./template.ts";

/** What the engine needs to know about the device it speaks for. */
export interface CliDevice {
  /** Placeholder values for this device at this moment. */
  values(): Record<string, string>;
  /** The running configuration as the device shows it. */
  runningConfig(): string;
  /**
   * Stores configuration lines (on commit for commit-style platforms); `where`
   * tells the mode each line was typed in and whether it opened a sub-mode
   * (one context for all lines, or one per line).
   */
  applyConfig(
    lines: readonly string[],
    where?: ConfigWhere | readonly ConfigWhere[],
  ): string | void;
  /** `show ip access-lists [NAME]` (devices that keep sequenced access lists). */
  showAcls?(name: string | undefined): string;
}

/** Where a configuration line was typed: its mode, and whether it opened a sub-mode. */
export interface ConfigWhere {
  /** The CLI mode (`config`, `config-if`...). */
  mode: string;
  /** The line opened a sub-mode (`interface X`). */
  opens: boolean;
}

/** Options of {@linkcode CliEngine}. */
export interface CliEngineOptions {
  /** The platform's data. */
  platform: LabPlatform;
  /** The device. */
  device: CliDevice;
  /** The enable password. */
  enablePassword: string;
  /** Sink for bytes to the client (text; newlines already `\r\n`). */
  write: (text: string) => void;
  /** Ends the session. */
  close: () => void;
  /** Echo typed characters (interactive sessions). @default {true} */
  echo?: boolean;
  /** Paging cannot be turned off (fault). @default {false} */
  stickyPager?: boolean;
  /** Called for each configuration line typed (fault hooks). */
  onConfigLine?: (line: string) => void;
  /** Configuration lines answer the invalid-input error and are not stored (fault). @default {false} */
  rejectConfig?: boolean;
  /** Configuration lines containing this text are acknowledged but not stored (fault). */
  ignoreConfig?: string;
}

type State = "line" | "password" | "confirm" | "pager" | "closed";

/** One interactive CLI session on an emulated device. */
export class CliEngine {
  #o: CliEngineOptions;
  #p: LabPlatform;
  #mode: LabMode;
  #state: State = "line";
  #buf = "";
  #lastCr = false;
  #paging = true;
  #pending: { line: string; where: ConfigWhere }[] = [];
  /** The configuration session (`configure session NAME`) lines are kept in, if any. */
  #session: string | undefined;
  #pageRest: string[] = [];
  #pageTotal = 0;
  #escape = 0;
  #once = false;
  /** The command waiting for the answer to its question. */
  #asking: { c: LabCommand; command: string; filters: string[] } | undefined;

  /** Creates a session; call {@linkcode CliEngine.start} to print the first prompt. */
  constructor(options: CliEngineOptions) {
    this.#o = options;
    this.#p = options.platform;
    this.#mode = this.#modeNamed(options.platform.initialMode);
  }

  /** The current mode's name. */
  get mode(): string {
    return this.#mode.name;
  }

  /** Prints the message of the day and the first prompt. */
  start(): void {
    if (this.#p.motd !== "") this.#out(this.#r(this.#p.motd));
    this.#prompt();
  }

  /**
   * Runs one command without a prompt or pager (SSH `exec`); returns its
   * output. It runs in privileged mode, or (`keepMode`) in the mode the
   * previous command left.
   */
  runOnce(line: string, options: { keepMode?: boolean } = {}): string {
    const chunks: string[] = [];
    const saved = this.#o.write;
    this.#o = { ...this.#o, write: (t) => chunks.push(t) };
    const privileged = this.#p.modes.find((m) => m.name === "enable");
    if (privileged && !(options.keepMode && this.#once)) this.#mode = privileged;
    this.#paging = false;
    this.#once = true;
    this.#execute(line.trim(), false);
    this.#o = { ...this.#o, write: saved };
    return chunks.join("");
  }

  /** Feeds bytes the client typed. */
  feed(text: string): void {
    for (const ch of text) {
      if (this.#state === "closed") return;
      this.#char(ch);
    }
  }

  #char(ch: string): void {
    if (this.#state === "pager") return this.#pagerKey(ch);
    const wasCr = this.#lastCr;
    this.#lastCr = ch === "\r";
    if (wasCr && (ch === "\n" || ch === "\0")) return;
    if (this.#escape > 0) {
      // skip an ANSI escape sequence (arrow keys and the like)
      if (this.#escape === 1 && ch !== "[" && ch !== "O") this.#escape = 0;
      else if (this.#escape > 1 && /[A-Za-z~]/.test(ch)) this.#escape = 0;
      else this.#escape++;
      return;
    }
    if (ch === "\x1b") {
      this.#escape = 1;
      return;
    }
    if (ch === "\r" || ch === "\n") return this.#submit();
    if (ch === "\x7f" || ch === "\b") {
      if (this.#buf.length > 0) {
        this.#buf = this.#buf.slice(0, -1);
        if (this.#echoing()) this.#o.write("\b \b");
      }
      return;
    }
    if (ch === "\x03" || ch === "\x1a") {
      this.#buf = "";
      this.#state = "line";
      this.#out("\n");
      if (ch === "\x1a" && this.#mode.name.startsWith("config")) this.#mode = this.#endMode();
      return this.#prompt();
    }
    if (ch === "\x15") {
      if (this.#echoing()) this.#o.write("\b \b".repeat(this.#buf.length));
      this.#buf = "";
      return;
    }
    if (ch < " " && ch !== "\t") return;
    this.#buf += ch;
    if (this.#echoing()) this.#o.write(ch);
  }

  #echoing(): boolean {
    return this.#o.echo !== false && (this.#state === "line" || this.#state === "confirm");
  }

  #submit(): void {
    const line = this.#buf;
    this.#buf = "";
    if (this.#o.echo !== false || this.#state === "password") this.#o.write("\r\n");
    if (this.#state === "password") {
      this.#state = "line";
      if (line === this.#o.enablePassword) this.#mode = this.#modeNamed("enable");
      else this.#out(this.#p.enableFailed ?? "% Access denied\n");
      return this.#prompt();
    }
    if (this.#state === "confirm") {
      const asked = this.#asking!;
      this.#state = "line";
      this.#asking = undefined;
      // an empty answer takes the default; "n"/"no" declines
      if (/^n/i.test(line.trim())) return this.#prompt();
      return this.#run(asked.c, asked.command, asked.filters, true);
    }
    this.#execute(line.trim(), true);
  }

  #execute(line: string, interactive: boolean): void {
    if (line === "") return this.#prompt();
    const pipes = line.split(/\s+\|\s*/);
    const command = pipes[0]!;
    const filters = pipes.slice(1);
    const cmds = this.#p.commands.filter((c) => c.modes.includes(this.#mode.name));
    const m = matchCommand(command, cmds);
    if (m.kind !== "ok") {
      if (m.kind === "invalid" && this.#mode.acceptsConfig) return this.#configLine(command);
      this.#out(this.#error(m, command));
      return this.#prompt();
    }
    const c = m.command;
    if (c.confirm !== undefined && interactive) {
      this.#state = "confirm";
      this.#asking = { c, command, filters };
      this.#o.write(this.#r(c.confirm).replace(/\r?\n/g, this.#p.newline ?? "\r\n"));
      return;
    }
    this.#run(c, command, filters, interactive);
  }

  /** Runs a matched command: its action, then its output (paged). */
  #run(c: LabCommand, command: string, filters: string[], interactive: boolean): void {
    const noMore = filters.some((f) => (this.#p.noMorePipes ?? []).includes(f.trim()));
    let output = c.output === undefined ? "" : this.#r(c.output);
    switch (c.action) {
      case "enable":
        if (this.#mode.name === "enable") break;
        this.#out(output);
        if (!interactive) return;
        this.#state = "password";
        this.#o.write(this.#p.enablePrompt ?? "Password: ");
        return;
      case "disable":
        this.#mode = this.#modeNamed(this.#p.initialMode);
        break;
      case "configure":
        this.#mode = this.#modeNamed("config");
        break;
      case "end":
        // an uncommitted configuration session is left (here: dropped), not applied
        if (this.#session !== undefined) this.#endSession();
        this.#mode = this.#endMode();
        break;
      case "sessionConfigure":
        this.#session = command.trim().split(/\s+/).at(-1) ?? "s";
        this.#pending = [];
        this.#mode = this.#modeNamed("config");
        break;
      case "sessionCommit":
        if (this.#session === undefined) {
          this.#out("% No configuration session\n");
          return this.#prompt();
        }
        this.#applyPending();
        this.#endSession();
        this.#mode = this.#endMode();
        break;
      case "sessionAbort":
        this.#endSession();
        this.#mode = this.#endMode();
        break;
      case "showAcls": {
        const name = command.trim().split(/\s+/).slice(c.words.split(" ").length)[0];
        output = (this.#o.device.showAcls?.(name) ?? "") + output;
        break;
      }
      case "exit":
      case "logout":
        if (c.action === "logout" || this.#mode.exitTo === undefined) {
          this.#out(output + (this.#p.logoutMessage ?? ""));
          this.#state = "closed";
          this.#o.close();
          return;
        }
        this.#mode = this.#modeNamed(this.#mode.exitTo);
        break;
      case "pagingOff":
        if (this.#o.stickyPager !== true) this.#paging = false;
        break;
      case "pagingOn":
        this.#paging = true;
        break;
      case "configLine":
        if (!this.#storeConfig(command, c.enters !== undefined)) return this.#prompt();
        break;
      case "commit":
        this.#applyPending();
        break;
      case "showRunning": {
        const text = this.#r(this.#o.device.runningConfig());
        // `show running-config interface Gi0/1`: that statement and its lines
        const args = command.trim().split(/\s+/).slice(c.words.split(" ").length).join(" ");
        const lines = (this.#p.configFormat ?? "lines") === "lines" && args !== "";
        output = (lines ? configSection(text, args) : text) + output;
        break;
      }
    }
    if (c.enters !== undefined) this.#mode = this.#modeNamed(c.enters);
    this.#page(applyFilters(output, filters), this.#paging && !noMore && interactive);
  }

  #configLine(line: string): void {
    if (this.#storeConfig(line, false) && this.#p.configAck) {
      this.#out(this.#r(this.#p.configAck));
    }
    this.#prompt();
  }

  /** Stores a line; false (after printing the error) when the rejectConfig fault refuses it. */
  #storeConfig(line: string, opens: boolean): boolean {
    this.#o.onConfigLine?.(line);
    if (this.#o.rejectConfig === true) {
      const width = this.#p.errors.caretIncludesPrompt ? this.#promptText().length : 0;
      this.#out(this.#r(this.#p.errors.invalid, {
        caret: " ".repeat(width) + "^",
        dashcaret: "-".repeat(width) + "^",
        token: line.split(/\s+/)[0] ?? "",
        command: line,
      }));
      return false;
    }
    const ignore = this.#o.ignoreConfig;
    if (ignore !== undefined && ignore !== "" && line.includes(ignore)) return true;
    const where = { mode: this.#mode.name, opens };
    const later = this.#session !== undefined ||
      this.#p.commands.some((c) => c.action === "commit");
    if (later) this.#pending.push({ line, where });
    else {
      const error = this.#o.device.applyConfig([line], where);
      if (error) this.#out(error);
    }
    return true;
  }

  /** Applies the lines kept for a commit, in order. */
  #applyPending(): void {
    const error = this.#o.device.applyConfig(
      this.#pending.map((p) => p.line),
      this.#pending.map((p) => p.where),
    );
    this.#pending = [];
    if (error) this.#out(error);
  }

  #endSession(): void {
    this.#session = undefined;
    this.#pending = [];
  }

  #error(m: Exclude<ReturnType<typeof matchCommand>, { kind: "ok" }>, command: string): string {
    const e = this.#p.errors;
    if (m.kind === "incomplete") return this.#r(e.incomplete, { command });
    if (m.kind === "ambiguous") return this.#r(e.ambiguous, { command });
    const width = (e.caretIncludesPrompt ? this.#promptText().length : 0) + m.column;
    const template = m.index === 0 && e.invalidFirst !== undefined ? e.invalidFirst : e.invalid;
    return this.#r(template, {
      caret: " ".repeat(width) + "^",
      dashcaret: "-".repeat(width) + "^",
      token: m.token,
      command,
    });
  }

  #page(output: string, paging: boolean): void {
    const lines = output.split("\n");
    if (lines.at(-1) === "") lines.pop();
    const per = (this.#p.pager.lines ?? 24) - 1;
    if (!paging || lines.length <= per) {
      if (lines.length > 0) this.#out(lines.join("\n") + "\n");
      return this.#prompt();
    }
    this.#pageTotal = lines.length;
    this.#pageRest = lines;
    this.#state = "pager";
    this.#emitLines(per);
  }

  #emitLines(n: number): void {
    const chunk = this.#pageRest.splice(0, n);
    this.#out(chunk.join("\n") + "\n");
    if (this.#pageRest.length === 0) {
      this.#state = "line";
      return this.#prompt();
    }
    const done = this.#pageTotal - this.#pageRest.length;
    const percent = String(Math.floor((done * 100) / this.#pageTotal));
    this.#o.write(render(this.#p.pager.prompt, { percent }));
  }

  #pagerKey(ch: string): void {
    this.#o.write(this.#p.pager.erase);
    if (ch === " ") return this.#emitLines((this.#p.pager.lines ?? 24) - 1);
    if (ch === "\r" || ch === "\n") return this.#emitLines(1);
    this.#pageRest = [];
    this.#state = "line";
    this.#prompt();
  }

  #prompt(): void {
    if (this.#state === "closed" || this.#once) return;
    if (this.#mode.banner !== undefined) this.#out(this.#r(this.#mode.banner));
    this.#o.write(this.#promptText());
  }

  #promptText(): string {
    const prompt = this.#r(this.#mode.prompt);
    // in a configuration session: host(config-s-NAME)#, host(config-s-NAME-if)#
    return this.#session === undefined ? prompt : prompt.replace(
      /\(config(-[^)]*)?\)/,
      (_, sub) => `(config-s-${this.#session}${sub ?? ""})`,
    );
  }

  #endMode(): LabMode {
    return this.#p.modes.find((m) => m.name === "enable") ?? this.#modeNamed(this.#p.initialMode);
  }

  #modeNamed(name: string): LabMode {
    const m = this.#p.modes.find((x) => x.name === name);
    if (m === undefined) throw new RangeError(`Cannot find mode "${name}" in "${this.#p.id}"`);
    return m;
  }

  #r(text: string, extra?: Record<string, string>): string {
    const values = this.#o.device.values();
    values["privilege"] = this.#mode.name === "exec" ? "1" : "15";
    return render(text, extra ? { ...values, ...extra } : values);
  }

  #out(text: string): void {
    if (text !== "") this.#o.write(text.replace(/\r?\n/g, this.#p.newline ?? "\r\n"));
  }
}

/**
 * The top-level statements of a configuration that start with `head` (IOS
 * `show running-config interface Gi0/1`, IOS XR `show running-config ipv4
 * access-list NAME`), each with its indented lines and closing `!`.
 */
function configSection(text: string, head: string): string {
  const out: string[] = [];
  let keep = false;
  for (const l of text.split("\n")) {
    if (!/^\s/.test(l) && l !== "!") keep = l.trim() === head || l.startsWith(head + " ");
    if (keep) out.push(l);
  }
  return out.length ? out.join("\n") + "\n" : "";
}

/** Applies `include`/`exclude`/`begin`/`section`/`match`/`except` pipes to output text. */
export function applyFilters(output: string, filters: readonly string[]): string {
  let lines = output.split("\n");
  for (const f of filters) {
    const [verb = "", ...rest] = f.trim().split(/\s+/);
    const pattern = rest.join(" ").replace(/^"|"$/g, "");
    if (pattern === "") continue;
    const re = safeRegExp(pattern);
    if (/^(i|in|inc|incl|inclu|includ|include|match)$/.test(verb)) {
      lines = lines.filter((l) => re.test(l));
    } else if (/^(e|ex|exc|excl|exclu|exclud|exclude|except)$/.test(verb)) {
      lines = lines.filter((l) => !re.test(l));
    } else if (/^(b|be|beg|begi|begin)$/.test(verb)) {
      const at = lines.findIndex((l) => re.test(l));
      lines = at < 0 ? [] : lines.slice(at);
    } else if (/^(s|se|sec|sect|secti|sectio|section)$/.test(verb)) {
      // top-level lines that match, with their indented lines (IOS `| section`)
      let keep = false;
      lines = lines.filter((l) => {
        if (!/^\s/.test(l)) keep = re.test(l);
        return keep;
      });
    }
  }
  const text = lines.join("\n");
  return text === "" || text.endsWith("\n") ? text : text + "\n";
}

function safeRegExp(pattern: string): RegExp {
  try {
    return new RegExp(pattern);
  } catch {
    return new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  }
}

/** The commands of a platform valid in a mode (for tests and tools). */
export function commandsIn(platform: LabPlatform, mode: string): LabCommand[] {
  return platform.commands.filter((c) => c.modes.includes(mode));
}
