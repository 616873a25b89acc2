/**
 * Platform profile: Cisco IOS and IOS-XE routers and switches.
 *
 * @module
 */
import type { PlatformProfile } from "./profile.ts";
import {
  IOS_SEQUENCE_EDIT,
  IOS_STYLE_COMMANDS,
  IOS_STYLE_GNNG,
  IOS_STYLE_MANAGEMENT,
  IOS_STYLE_MODES,
  iosStyleAcl,
} from "./_ios_modes.ts";

/** Cisco IOS and IOS-XE routers and switches (`cisco_ios`). */
export const CISCO_IOS = {
  "id": "cisco_ios",
  "vendor": "cisco",
  "description": "Cisco IOS and IOS-XE routers and switches",
  "inventory": {
    "manufacturers": ["CISCO SYSTEMS"],
    "deviceTypes": ["ROUTER", "SWITCH"],
    "defaultType": "ROUTER",
    "iosLike": true,
    "match": [{}],
  },
  "management": IOS_STYLE_MANAGEMENT,
  "acl": iosStyleAcl("ios-named", "ios", IOS_SEQUENCE_EDIT),
  "gnng": IOS_STYLE_GNNG,
  "commands": IOS_STYLE_COMMANDS,
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
