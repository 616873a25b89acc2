/**
 * Platform profile: Cisco ASA firewalls.
 *
 * @module
 */
import type { PlatformProfile } from "./profile.ts";

/** Cisco ASA firewalls (`cisco_asa`). */
export const CISCO_ASA = {
  "id": "cisco_asa",
  "vendor": "cisco",
  "description": "Cisco ASA firewalls",
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
    "ERROR: ",
    "% Invalid input detected",
    "% Incomplete command",
    "% Ambiguous command",
  ],
  "onOpen": [
    {
      "type": "sendInput",
      "input": "terminal pager 0",
    },
  ],
  "onClose": [
    {
      "type": "write",
      "data": "exit\n",
    },
  ],
  "pagers": [],
  "confirmations": [
    {
      "pattern": "\\[confirm\\]\\s*$",
      "answer": "",
    },
    {
      "pattern": "Destination filename \\[[^\\]]*\\]\\?\\s*$",
      "answer": "",
    },
  ],
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
