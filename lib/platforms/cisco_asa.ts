/**
 * Platform profile: Cisco ASA firewalls.
 *
 * @module
 */
import type { PlatformProfile } from "./profile.ts";
import {
  IOS_STYLE_COMMANDS,
  IOS_STYLE_GNNG,
  IOS_STYLE_MANAGEMENT,
  IOS_STYLE_MODES,
} from "./_ios_modes.ts";

/** Cisco ASA firewalls (`cisco_asa`). */
export const CISCO_ASA = {
  "id": "cisco_asa",
  "vendor": "cisco",
  "description": "Cisco ASA firewalls",
  "inventory": {
    "manufacturers": [],
    "deviceTypes": ["FIREWALL"],
    "iosLike": true,
    "match": [{ "pattern": "\\basa|adaptive security|\\bpix|firepower" }, {
      "deviceTypes": ["FIREWALL"],
    }],
  },
  "management": IOS_STYLE_MANAGEMENT,
  "acl": null,
  "gnng": IOS_STYLE_GNNG,
  "commands": IOS_STYLE_COMMANDS,
  "defaultMode": "privileged",
  "modes": IOS_STYLE_MODES,
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
