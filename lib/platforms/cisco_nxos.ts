/**
 * Platform profile: Cisco NX-OS (Nexus) switches.
 *
 * @module
 */
import type { PlatformProfile } from "./profile.ts";
import { IOS_STYLE_MODES } from "./_ios_modes.ts";

/** Cisco NX-OS (Nexus) switches (`cisco_nxos`). */
export const CISCO_NXOS = {
  "id": "cisco_nxos",
  "vendor": "cisco",
  "description": "Cisco NX-OS (Nexus) switches",
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
