/**
 * Building blocks shared by the IOS-like platforms (exec `>`, enable `#`,
 * `configure terminal`, `(config)#`, `end`). Each vendor file composes these
 * with its own prompts, outputs and wording.
 *
 * @module
 */
import type { LabCommand, LabMode } from "../profile.ts";

/** Modes exec → enable → config → config-if, with IOS prompts around `{{hostname}}`. */
export function iosModes(
  options: { exec?: string; enable?: string; config?: string; sub?: string } = {},
): LabMode[] {
  const {
    exec = "{{hostname}}>",
    enable = "{{hostname}}#",
    config = "{{hostname}}(config)#",
    sub = "{{hostname}}(config-if)#",
  } = options;
  return [
    { name: "exec", prompt: exec },
    { name: "enable", prompt: enable },
    { name: "config", prompt: config, exitTo: "enable", acceptsConfig: true },
    { name: "config-if", prompt: sub, exitTo: "config", acceptsConfig: true },
  ];
}

/** Modes where read-only commands work. */
export const SHOW: readonly string[] = ["exec", "enable"];
/** Modes where privileged commands work. */
export const PRIV: readonly string[] = ["enable"];
/** Configuration modes. */
export const CONF: readonly string[] = ["config", "config-if"];

/** The commands every IOS-like platform has: enable, configure, end, exit, paging. */
export function iosBaseCommands(options: {
  paging: readonly string[];
  pagingOn?: readonly string[];
  configBanner?: string;
  subModeWords?: readonly string[];
  /** What `copy running-config startup-config` asks and prints (IOS: the file name, then `[OK]`). */
  copyStartup?: Pick<LabCommand, "confirm" | "output">;
}): LabCommand[] {
  const cmds: LabCommand[] = [
    { words: "enable", modes: ["exec", "enable"], action: "enable" },
    { words: "disable", modes: PRIV, action: "disable" },
    {
      words: "configure terminal",
      modes: PRIV,
      action: "configure",
      output: options.configBanner ??
        "Enter configuration commands, one per line.  End with CNTL/Z.\n",
    },
    { words: "end", modes: CONF, action: "end" },
    { words: "exit", modes: ["exec", "enable", ...CONF], action: "exit" },
    { words: "quit", modes: ["exec", "enable"], action: "logout" },
    { words: "logout", modes: ["exec", "enable"], action: "logout" },
    { words: "show running-config", modes: PRIV, action: "showRunning", args: true },
    { words: "write memory", modes: PRIV, output: "Building configuration...\n[OK]\n" },
    {
      words: "copy running-config startup-config",
      modes: PRIV,
      ...(options.copyStartup ?? {
        confirm: "Destination filename [startup-config]? ",
        output: "Building configuration...\n[OK]\n",
      }),
    },
  ];
  for (const words of options.paging) cmds.push({ words, modes: SHOW, action: "pagingOff" });
  for (const words of options.pagingOn ?? []) cmds.push({ words, modes: SHOW, action: "pagingOn" });
  for (const words of options.subModeWords ?? ["interface"]) {
    cmds.push({
      words,
      modes: CONF,
      action: "configLine",
      args: true,
      argsRequired: true,
      enters: "config-if",
    });
  }
  return cmds;
}

/**
 * Configuration sessions (EOS, NX-OS): `configure session NAME` keeps the
 * lines typed until `commit` applies them all at once; `abort`, `end` or a
 * lost connection drops them.
 */
export function configSessionCommands(): LabCommand[] {
  return [
    {
      words: "configure session",
      modes: PRIV,
      action: "sessionConfigure",
      args: true,
      argsRequired: true,
    },
    { words: "commit", modes: CONF, action: "sessionCommit" },
    { words: "abort", modes: CONF, action: "sessionAbort" },
  ];
}

/**
 * IOS access lists with sequence numbers: `show ip access-lists [NAME]`
 * (also `show access-lists`) and `ip access-list resequence NAME START STEP`
 * (the platform sets `sequencedAcls`).
 */
export function sequencedAclCommands(): LabCommand[] {
  return [
    { words: "show ip access-lists", modes: SHOW, action: "showAcls", args: true },
    { words: "show access-lists", modes: SHOW, action: "showAcls", args: true },
    {
      words: "ip access-list resequence",
      modes: CONF,
      action: "configLine",
      args: true,
      argsRequired: true,
    },
  ];
}

/** Adds output commands valid in exec and enable modes. */
export function shows(table: Readonly<Record<string, string>>): LabCommand[] {
  return Object.entries(table).map(([words, output]) => ({ words, modes: SHOW, output }));
}

/** The IOS error wording. */
export const IOS_ERRORS = {
  invalid: "{{caret}}\n% Invalid input detected at '^' marker.\n\n",
  incomplete: "% Incomplete command.\n\n",
  ambiguous: '% Ambiguous command:  "{{command}}"\n',
  caretIncludesPrompt: true,
} as const;

/** The IOS pager: ` --More-- `, erased with backspaces. */
export const IOS_PAGER = {
  prompt: " --More-- ",
  erase: "\b".repeat(10) + " ".repeat(10) + "\b".repeat(10),
} as const;
