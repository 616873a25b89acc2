/**
 * The mode graph shared by the IOS-style CLIs (Cisco IOS, NX-OS, ASA, Brocade
 * VDX, Dell PowerConnect and the IronWare family): `exec` (`host>`),
 * `privileged` (`host#`, reached with `enable` and the enable secret) and
 * `configuration` (`host(config)#`, reached with `configure terminal`, left
 * with `end`). Platform files spread it and keep their own prompts where they
 * differ.
 *
 * @module
 */
import type { PlatformProfile } from "./profile.ts";

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
      {
        "to": "privileged",
        "steps": [
          {
            "type": "sendPromptedInput",
            "input": "enable",
            "prompt": "[Pp]assword:",
            "response": {
              "secret": "enable",
            },
          },
        ],
      },
    ],
  },
] satisfies PlatformProfile["modes"];
