/**
 * The IronWare CLI shared by Foundry/Brocade FastIron (ICX), NetIron (MLX)
 * and ServerIron (ADX): one command language, so one set of modes, failure
 * indicators and start-up commands. Each platform file adds its identity and
 * what differs (pagers, inventory mapping, ACL loading).
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

/** The IronWare profile body, without identity and pagers. */
export const IRONWARE = {
  "management": IOS_STYLE_MANAGEMENT,
  "gnng": IOS_STYLE_GNNG,
  "commands": IOS_STYLE_COMMANDS,
  "appendToCommands": [],
  "defaultMode": "privileged",
  "modes": IOS_STYLE_MODES,
  "failureIndicators": [
    "Invalid input ->",
    "Incomplete command.",
    "Ambiguous input ->",
    "Unrecognized command",
    "Error - ",
    "Error: ",
  ],
  "onOpen": [
    {
      "type": "sendInput",
      "input": "skip-page-display",
    },
  ],
  "onClose": [
    {
      "type": "write",
      "data": "exit\n",
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
} satisfies Omit<
  PlatformProfile,
  "id" | "vendor" | "description" | "pagers" | "inventory" | "acl"
>;
