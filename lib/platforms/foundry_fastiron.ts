/**
 * Platform profile: Foundry / Brocade / Ruckus FastIron (ICX) switches.
 *
 * @module
 */
import type { PlatformProfile } from "./profile.ts";

/** Foundry / Brocade / Ruckus FastIron (ICX) switches (`foundry_fastiron`). */
export const FOUNDRY_FASTIRON = {
  "id": "foundry_fastiron",
  "vendor": "foundry",
  "description": "Foundry / Brocade / Ruckus FastIron (ICX) switches",
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
    "Invalid input ->",
    "Incomplete command.",
    "Ambiguous input ->",
    "Unrecognized command",
    "Error - ",
    "Error: ",
  ],
  "onOpen": [
    {
      "type": "sendInput",
      "input": "skip-page-display",
    },
  ],
  "onClose": [
    {
      "type": "write",
      "data": "exit\n",
    },
  ],
  "pagers": [
    {
      "pattern": "\\s*--More--, next page: Space",
      "reply": " ",
    },
  ],
  "confirmations": [],
  "options": {
    "returnChar": "\n",
    "pty": true,
    "term": "vt100",
    "transports": [
      "ssh",
      "telnet",
    ],
    "legacyAlgorithms": true,
  },
} satisfies PlatformProfile;
