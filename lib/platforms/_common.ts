/**
 * What most platform files share, as small builders of plain data: the
 * ordinary tail of a profile (leave with `exit`, no extra pagers or
 * confirmations, nothing appended), the terminal options, and CLI
 * management with its save command.
 *
 * @module
 */
import type {
  ManagementProfile,
  PlatformOptions,
  PlatformProfile,
  SaveProfile,
} from "./profile.ts";

/** Leave with `exit`; no pagers or confirmations beyond the defaults; nothing appended. */
export const PLAIN_TAIL = {
  "onClose": [{ "type": "write", "data": "exit\n" }],
  "pagers": [],
  "confirmations": [],
  "appendToCommands": [],
} satisfies Pick<PlatformProfile, "onClose" | "pagers" | "confirmations" | "appendToCommands">;

/**
 * Terminal options: LF, a `vt100` pty, modern SSH algorithms, unless `extra` says otherwise.
 *
 * @param transports The transports the platform allows, in the order tried.
 * @param extra Options that differ.
 * @returns The `options` section.
 */
export function terminal(
  transports: PlatformOptions["transports"],
  extra: Partial<PlatformOptions> = {},
): PlatformOptions {
  return {
    "returnChar": "\n",
    "pty": true,
    "term": "vt100",
    "transports": transports,
    "legacyAlgorithms": false,
    ...extra,
  };
}

/**
 * Configuration over the CLI, typed in `configMode`, with no commit, no
 * confirmed commit and no save unless `extra` gives them.
 *
 * @param configMode The mode configuration lines are typed in.
 * @param extra Commit, confirmed commit, save.
 * @returns The `management` section.
 */
export function cliManagement(
  configMode: string,
  extra: Partial<Pick<ManagementProfile, "commit" | "confirmedCommit" | "save">> = {},
): ManagementProfile {
  return {
    "protocol": "cli",
    "configMode": configMode,
    "commit": null,
    "confirmedCommit": null,
    "save": null,
    ...extra,
  };
}

/**
 * A save that is one command.
 *
 * @param mode The mode it is typed in.
 * @param input The command (`save sys config`).
 * @returns The `save` of the `management` section.
 */
export function saveWith(mode: string, input: string): SaveProfile {
  return { "mode": mode, "steps": [{ "type": "sendInput", "input": input }] };
}

/**
 * The two modes of Junos-like CLIs (PAN-OS, PicOS): operational `prompt>`
 * and configuration `prompt#`, entered with `configure`, left with `exit`.
 *
 * @param prompt Regex source of the prompt before `>` / `#` (`user@host`).
 * @returns The `modes` section, configuration first.
 */
export function operationalModes(prompt: string): PlatformProfile["modes"] {
  return [
    {
      "name": "configuration",
      "promptPattern": `${prompt}#`,
      "transitions": [{ "to": "exec", "steps": [{ "type": "sendInput", "input": "exit" }] }],
    },
    {
      "name": "exec",
      "promptPattern": `${prompt}>`,
      "transitions": [
        { "to": "configuration", "steps": [{ "type": "sendInput", "input": "configure" }] },
      ],
    },
  ];
}
