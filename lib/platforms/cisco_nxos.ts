/**
 * Platform profile: Cisco NX-OS (Nexus) switches.
 *
 * @module
 */
import type { PlatformProfile } from "./profile.ts";
import {
  CONFIG_SESSION,
  IOS_STYLE_COMMANDS,
  IOS_STYLE_GNNG,
  IOS_STYLE_MANAGEMENT,
  IOS_STYLE_MODES,
  iosStyleAcl,
} from "./_ios_modes.ts";

/** Cisco NX-OS (Nexus) switches (`cisco_nxos`). */
export const CISCO_NXOS = {
  "id": "cisco_nxos",
  "vendor": "cisco",
  "description": "Cisco NX-OS (Nexus) switches",
  "inventory": {
    "manufacturers": [],
    "deviceTypes": ["SWITCH"],
    "iosLike": true,
    "match": [{ "pattern": "nx-?os|nexus|\\bn\\dk" }],
  },
  "management": {
    ...IOS_STYLE_MANAGEMENT,
    "save": {
      "mode": "privileged",
      "steps": [{ "type": "sendInput", "input": "copy running-config startup-config" }],
    },
  },
  "acl": iosStyleAcl("eos", "eos", CONFIG_SESSION),
  "gnng": IOS_STYLE_GNNG,
  "commands": IOS_STYLE_COMMANDS,
  "defaultMode": "privileged",
  "modes": IOS_STYLE_MODES,
  "failureIndicators": [
    "% Invalid command",
    "% Invalid input",
    "% Incomplete command",
    "% Ambiguous command",
    "% Permission denied",
    "% Invalid parameter",
    "syntax error",
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
