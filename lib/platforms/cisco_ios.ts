/**
 * Platform profile: Cisco IOS and IOS-XE routers and switches.
 *
 * @module
 */
import type { PlatformProfile } from "./profile.ts";

/** Cisco IOS and IOS-XE routers and switches (`cisco_ios`). */
export const CISCO_IOS = {
  "id": "cisco_ios",
  "vendor": "cisco",
  "description": "Cisco IOS and IOS-XE routers and switches",
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
    "% Invalid input detected",
    "% Incomplete command",
    "% Ambiguous command",
    "% Unknown command",
    "% Unrecognized command",
    "% Invalid command",
    "% Bad mask",
    "% Error",
  ],
  "onOpen": [
    {
      "type": "sendInput",
      "input": "terminal length 0",
    },
    {
      "type": "sendInput",
      "input": "terminal width 511",
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
