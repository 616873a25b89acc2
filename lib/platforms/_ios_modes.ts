/**
 * The mode graph shared by the IOS-style CLIs (Cisco IOS, NX-OS, ASA, Brocade
 * VDX, Dell PowerConnect and the IronWare family): `exec` (`host>`),
 * `privileged` (`host#`, reached with `enable` and the enable secret) and
 * `configuration` (`host(config)#`, reached with `configure terminal`, left
 * with `end`). Platform files spread it and keep their own prompts where they
 * differ. Also what those CLIs share beyond modes: configuration typed in
 * `configuration` and kept with `write memory`, `show version` /
 * `show running-config`, `gnng` from the running configuration, and the
 * commands that read one ACL back.
 *
 * @module
 */
import type { AclFormat } from "../acl/ir.ts";
import type { AclProfile, PlatformProfile } from "./profile.ts";

/** `enable`, answering the password question with the enable secret: exec → privileged. */
export const ENABLE = {
  "to": "privileged",
  "steps": [
    {
      "type": "sendPromptedInput",
      "input": "enable",
      "prompt": "[Pp]assword:",
      "response": { "secret": "enable" },
    },
  ],
} satisfies PlatformProfile["modes"][number]["transitions"][number];

/** The IOS-style modes (data, no callbacks). */
export const IOS_STYLE_MODES = [
  {
    "name": "configuration",
    "promptPattern": "[\\w.:/@+-]{1,63}\\((?:config|cfg)[^)]{0,48}\\)#",
    "transitions": [
      {
        "to": "privileged",
        "steps": [
          {
            "type": "sendInput",
            "input": "end",
          },
        ],
      },
    ],
  },
  {
    "name": "privileged",
    "promptPattern": "[\\w.:/@+-]{1,63}#",
    "transitions": [
      {
        "to": "configuration",
        "steps": [
          {
            "type": "sendInput",
            "input": "configure terminal",
          },
        ],
      },
      {
        "to": "exec",
        "steps": [
          {
            "type": "sendInput",
            "input": "disable",
          },
        ],
      },
    ],
  },
  {
    "name": "exec",
    "promptPattern": "[\\w.:/@+-]{1,63}>",
    "transitions": [
      ENABLE,
    ],
  },
] satisfies PlatformProfile["modes"];

/** Configuration in `configuration` mode, effective as typed, saved with `write memory`. */
export const IOS_STYLE_MANAGEMENT = {
  "protocol": "cli",
  "configMode": "configuration",
  "commit": null,
  "confirmedCommit": null,
  "save": { "mode": "privileged", "steps": [{ "type": "sendInput", "input": "write memory" }] },
} satisfies PlatformProfile["management"];

/** `show version` and `show running-config`. */
export const IOS_STYLE_COMMANDS = {
  "version": "show version",
  "runningConfig": "show running-config",
} satisfies PlatformProfile["commands"];

/** `gnng` reads the `interface` blocks of the running configuration. */
export const IOS_STYLE_GNNG = {
  "command": "show running-config",
  "parser": "ios",
} satisfies PlatformProfile["gnng"];

/**
 * ACLs loaded as configuration lines and read back from the running
 * configuration (its `section` for a named list, its `access-list N` lines
 * for a numbered one), in IOS syntax.
 *
 * @param named Output format for named lists.
 * @param numbered Output format for numbered lists.
 * @param method How a list is replaced without a window (default `replace`).
 * @returns The `acl` section.
 */
export function iosStyleAcl(
  named: AclFormat,
  numbered: AclFormat,
  method: Pick<AclProfile, "method" | "sequence" | "session"> = { "method": "replace" },
): AclProfile {
  return {
    "load": "cli",
    "named": named,
    "numbered": numbered,
    "read": "ios",
    "readback": {
      "named": "show running-config | section ^{header}$",
      "numbered": "show running-config | include ^access-list {name} ",
    },
    ...method,
  };
}

/** IOS: lists edited in place by sequence number (`show ip access-lists`, `resequence`). */
export const IOS_SEQUENCE_EDIT = {
  "method": "sequence",
  "sequence": {
    "show": "show ip access-lists {name}",
    "resequence": "ip access-list resequence {name} {start} {step}",
  },
} satisfies Pick<AclProfile, "method" | "sequence">;

/** EOS and NX-OS: lists replaced in a configuration session, committed at once. */
export const CONFIG_SESSION = {
  "method": "session",
  "session": { "enter": "configure session {name}", "commit": "commit", "abort": "abort" },
} satisfies Pick<AclProfile, "method" | "session">;
