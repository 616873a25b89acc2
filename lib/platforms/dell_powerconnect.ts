/**
 * Platform profile: Dell PowerConnect switches.
 *
 * @module
 */
import type { PlatformProfile } from "./profile.ts";
import { IOS_STYLE_MODES } from "./_ios_modes.ts";

/** Dell PowerConnect switches (`dell_powerconnect`). */
export const DELL_POWERCONNECT = {
  "id": "dell_powerconnect",
  "vendor": "dell",
  "description": "Dell PowerConnect switches",
  "defaultMode": "privileged",
  "modes": IOS_STYLE_MODES,
  "failureIndicators": [
    "% Invalid input",
    "% Incomplete command",
    "% Ambiguous command",
    "% Unrecognized command",
    "% Invalid",
  ],
  "onOpen": [
    {
      "type": "sendInput",
      "input": "terminal datadump",
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
      "pattern": "\\s*More: <space>",
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
