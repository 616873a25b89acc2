/**
 * Platform profile: Juniper NetScreen / SSG firewalls (ScreenOS).
 *
 * @module
 */
import type { PlatformProfile } from "./profile.ts";

/** Juniper NetScreen / SSG firewalls (ScreenOS) (`juniper_screenos`). */
export const JUNIPER_SCREENOS = {
  "id": "juniper_screenos",
  "vendor": "netscreen",
  "description": "Juniper NetScreen / SSG firewalls (ScreenOS)",
  "inventory": {
    "manufacturers": ["NETSCREEN TECHNOLOGIES"],
    "deviceTypes": ["FIREWALL"],
    "defaultType": "FIREWALL",
    "iosLike": false,
    "match": [{ "vendor": "netscreen" }, {
      "vendor": "juniper",
      "pattern": "ssg|netscreen|screenos",
    }],
  },
  "management": {
    "protocol": "cli",
    "configMode": "exec",
    "commit": null,
    "confirmedCommit": null,
    "save": { "mode": "exec", "steps": [{ "type": "sendInput", "input": "save config" }] },
  },
  "acl": null,
  "gnng": null,
  "commands": { "version": "get system", "runningConfig": "get config" },
  "defaultMode": "exec",
  "modes": [
    {
      "name": "exec",
      "promptPattern": "[\\w.:/@+-]{1,63}(?:\\([\\w.:/-]+\\))?\\s?->",
      "transitions": [],
    },
  ],
  "failureIndicators": [
    "unknown keyword",
    "Unrecognized command",
    "command not completed",
    "Failed command",
  ],
  "onOpen": [
    {
      "type": "sendInput",
      "input": "set console page 0",
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
      "pattern": "Configuration modified, save\\? \\[y\\]/n\\s*$",
      "answer": "n",
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
    "legacyAlgorithms": true,
  },
} satisfies PlatformProfile;
