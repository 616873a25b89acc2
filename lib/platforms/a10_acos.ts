/**
 * Platform profile: A10 Networks ACOS (AX/Thunder) load balancers.
 *
 * @module
 */
import type { PlatformProfile } from "./profile.ts";
import { IOS_STYLE_COMMANDS, IOS_STYLE_GNNG, IOS_STYLE_MANAGEMENT } from "./_ios_modes.ts";

/** A10 Networks ACOS (AX/Thunder) load balancers (`a10_acos`). */
export const A10_ACOS = {
  "id": "a10_acos",
  "vendor": "a10",
  "description": "A10 Networks ACOS (AX/Thunder) load balancers",
  "inventory": {
    "manufacturers": ["A10 NETWORKS"],
    "deviceTypes": ["SWITCH"],
    "defaultType": "SWITCH",
    "iosLike": true,
    "match": [{}],
  },
  "management": IOS_STYLE_MANAGEMENT,
  "acl": null,
  "gnng": IOS_STYLE_GNNG,
  "commands": IOS_STYLE_COMMANDS,
  "defaultMode": "privileged",
  "modes": [
    {
      "name": "configuration",
      "promptPattern": "[\\w.:/@+\\[\\]-]{1,63}\\(config[^)]{0,48}\\)#",
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
      "promptPattern": "[\\w.:/@+\\[\\]-]{1,63}(?:\\([A-Z]+\\))?#",
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
      "promptPattern": "[\\w.:/@+\\[\\]-]{1,63}(?:\\([\\w-]+\\))?>",
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
    "% Unrecognized command",
    "Error: ",
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
  "appendToCommands": [],
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
