/**
 * Platform profile: Cisco IOS-XR routers.
 *
 * @module
 */
import type { PlatformProfile } from "./profile.ts";
import { IOS_STYLE_COMMANDS, IOS_STYLE_GNNG, IOS_STYLE_MANAGEMENT } from "./_ios_modes.ts";

/** Cisco IOS-XR routers (`cisco_iosxr`). */
export const CISCO_IOSXR = {
  "id": "cisco_iosxr",
  "vendor": "cisco",
  "description": "Cisco IOS-XR routers",
  "inventory": {
    "manufacturers": [],
    "deviceTypes": ["ROUTER"],
    "iosLike": true,
    "match": [{ "pattern": "ios[ -]?xr|\\bxr\\b|asr[ -]?9\\d{2,3}|\\bcrs|\\bncs" }],
  },
  "management": {
    ...IOS_STYLE_MANAGEMENT,
    "commit": "commit",
    "confirmedCommit": "commit confirmed minutes {minutes}",
    "save": null,
  },
  // lists are read back with `show running-config ipv4 access-list NAME` (or ipv6)
  "acl": {
    "load": "cli",
    "named": "iosxr",
    "numbered": "iosxr",
    "read": "ios",
    "readback": {
      "named": "show running-config {header}",
      "numbered": "show running-config {header}",
    },
    // `no` + the new definition, applied at once by the commit: no window
    "method": "replace",
  },
  "gnng": IOS_STYLE_GNNG,
  "commands": IOS_STYLE_COMMANDS,
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
