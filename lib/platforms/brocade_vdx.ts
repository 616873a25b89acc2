/**
 * Platform profile: Brocade VDX switches (Network OS).
 *
 * @module
 */
import type { PlatformProfile } from "./profile.ts";

/** Brocade VDX switches (Network OS) (`brocade_vdx`). */
export const BROCADE_VDX = {
  "id": "brocade_vdx",
  "vendor": "brocade",
  "description": "Brocade VDX switches (Network OS)",
  "defaultMode": "privileged",
  "modes": [
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
  ],
  "failureIndicators": [
    "% Invalid input",
    "% Incomplete command",
    "% Ambiguous command",
    "% Error",
    "syntax error",
  ],
  "onOpen": [
    {
      "type": "sendInput",
      "input": "terminal length 0",
    },
  ],
  "onClose": [
    {
      "type": "write",
      "data": "exit\n",
    },
  ],
  "pagers": [],
  "confirmations": [],
  "options": {
    "returnChar": "\n",
    "pty": true,
    "term": "vt100",
    "transports": [
      "ssh",
      "telnet",
    ],
    "legacyAlgorithms": false,
  },
} satisfies PlatformProfile;
