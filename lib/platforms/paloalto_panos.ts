/**
 * Platform profile: Palo Alto Networks firewalls running PAN-OS.
 *
 * @module
 */
import type { PlatformProfile } from "./profile.ts";

const PROMPT = "[\\w.@-]{1,63}@[\\w.-]{1,63}(?:\\([\\w-]+\\))?";

/** Palo Alto Networks firewalls (PAN-OS) (`paloalto_panos`). */
export const PALOALTO_PANOS = {
  "id": "paloalto_panos",
  "vendor": "paloalto",
  "description": "Palo Alto Networks firewalls (PAN-OS)",
  "inventory": {
    "manufacturers": ["PALO ALTO", "PALO ALTO NETWORKS"],
    "deviceTypes": ["FIREWALL"],
    "defaultType": "FIREWALL",
    "iosLike": false,
    "match": [{}],
  },
  "management": {
    "protocol": "cli",
    "configMode": "configuration",
    "commit": "commit",
    "confirmedCommit": null,
    // a commit is kept across reboots
    "save": null,
  },
  "acl": null,
  "gnng": null,
  "commands": { "version": "show system info", "runningConfig": "show config running" },
  "defaultMode": "exec",
  "modes": [
    {
      "name": "configuration",
      "promptPattern": `${PROMPT}#`,
      "transitions": [{ "to": "exec", "steps": [{ "type": "sendInput", "input": "exit" }] }],
    },
    {
      "name": "exec",
      "promptPattern": `${PROMPT}>`,
      "transitions": [
        { "to": "configuration", "steps": [{ "type": "sendInput", "input": "configure" }] },
      ],
    },
  ],
  "failureIndicators": [
    "Unknown command:",
    "Invalid syntax.",
    "Validation Error:",
    "Server error :",
    "Commit failed",
  ],
  // the original's start-up commands, and configuration shown as set commands
  "onOpen": [
    { "type": "sendInput", "input": "set cli scripting-mode on" },
    { "type": "sendInput", "input": "set cli pager off" },
    { "type": "sendInput", "input": "set cli config-output-format set" },
  ],
  "onClose": [{ "type": "write", "data": "exit\n" }],
  "pagers": [],
  "confirmations": [],
  "appendToCommands": [],
  "options": {
    "returnChar": "\n",
    "pty": true,
    "term": "vt100",
    "transports": ["ssh"],
    "legacyAlgorithms": false,
  },
} satisfies PlatformProfile;
