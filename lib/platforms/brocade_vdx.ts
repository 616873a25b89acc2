/**
 * Platform profile: Brocade VDX switches (Network OS).
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

/** Brocade VDX switches (Network OS) (`brocade_vdx`). */
export const BROCADE_VDX = {
  "id": "brocade_vdx",
  "vendor": "brocade",
  "description": "Brocade VDX switches (Network OS)",
  "inventory": {
    "manufacturers": [],
    "deviceTypes": ["SWITCH"],
    "iosLike": true,
    "match": [{ "pattern": "vdx|nos\\b" }],
  },
  "management": {
    ...IOS_STYLE_MANAGEMENT,
    "save": {
      "mode": "privileged",
      "steps": [{
        "type": "sendPromptedInput",
        "input": "copy running-config startup-config",
        "prompt": ".*\\[y/n\\]:?",
        "response": "y",
      }],
    },
  },
  "acl": null,
  "gnng": IOS_STYLE_GNNG,
  "commands": IOS_STYLE_COMMANDS,
  "defaultMode": "privileged",
  "modes": IOS_STYLE_MODES,
  "failureIndicators": [
    "% Invalid input",
    "% Incomplete command",
    "% Ambiguous command",
    "% Error",
    "syntax error",
  ],
  "onOpen": [
    {
      "type": "sendInput",
      "input": "terminal length 0",
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
