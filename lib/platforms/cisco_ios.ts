/**
 * Platform profile: Cisco IOS and IOS-XE routers and switches.
 *
 * @module
 */
import type { PlatformProfile } from "./profile.ts";
import { IOS_STYLE_MODES } from "./_ios_modes.ts";

/** Cisco IOS and IOS-XE routers and switches (`cisco_ios`). */
export const CISCO_IOS = {
  "id": "cisco_ios",
  "vendor": "cisco",
  "description": "Cisco IOS and IOS-XE routers and switches",
  "defaultMode": "privileged",
  "modes": IOS_STYLE_MODES,
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
