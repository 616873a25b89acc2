/**
 * Platform profile: Cisco IOS-XR routers.
 *
 * @module
 */
import type { PlatformProfile } from "./profile.ts";

/** Cisco IOS-XR routers (`cisco_iosxr`). */
export const CISCO_IOSXR = {
  "id": "cisco_iosxr",
  "vendor": "cisco",
  "description": "Cisco IOS-XR routers",
  "defaultMode": "privileged",
  "modes": [
    {
      "name": "configuration",
      "promptPattern": "[\\w.:/@+-]{1,63}\\(config[^)]{0,48}\\)#",
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
      ],
    },
  ],
  "failureIndicators": [
    "% Invalid input detected",
    "% Incomplete command",
    "% Ambiguous command",
    "% Failed to commit",
    "% Invalid",
  ],
  "onOpen": [
    {
      "type": "sendInput",
      "input": "terminal length 0",
    },
    {
      "type": "sendInput",
      "input": "terminal width 512",
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
