/**
 * Platform profile: Dell PowerConnect switches.
 *
 * @module
 */
import type { PlatformProfile } from "./profile.ts";
import {
  IOS_STYLE_COMMANDS,
  IOS_STYLE_GNNG,
  IOS_STYLE_MANAGEMENT,
  IOS_STYLE_MODES,
  iosStyleAcl,
} from "./_ios_modes.ts";

/** Dell PowerConnect switches (`dell_powerconnect`). */
export const DELL_POWERCONNECT = {
  "id": "dell_powerconnect",
  "vendor": "dell",
  "description": "Dell PowerConnect switches",
  "inventory": {
    "manufacturers": ["DELL"],
    "deviceTypes": ["SWITCH"],
    "defaultType": "SWITCH",
    "iosLike": true,
    "match": [{}],
  },
  "management": {
    ...IOS_STYLE_MANAGEMENT,
    "save": {
      "mode": "privileged",
      "steps": [{
        "type": "sendPromptedInput",
        "input": "copy running-config startup-config",
        "prompt": ".*\\(y/n\\)",
        "response": "y",
      }],
    },
  },
  "acl": iosStyleAcl("ios-named", "ios"),
  "gnng": IOS_STYLE_GNNG,
  "commands": IOS_STYLE_COMMANDS,
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
  "appendToCommands": [],
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
