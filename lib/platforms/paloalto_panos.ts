/**
 * Platform profile: Palo Alto Networks firewalls running PAN-OS.
 *
 * @module
 */
import type { PlatformProfile } from "./profile.ts";
import { cliManagement, operationalModes, PLAIN_TAIL, terminal } from "./_common.ts";

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
  // a commit is kept across reboots
  "management": cliManagement("configuration", { "commit": "commit" }),
  "acl": null,
  "gnng": null,
  "commands": { "version": "show system info", "runningConfig": "show config running" },
  "defaultMode": "exec",
  "modes": operationalModes(PROMPT),
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
  ...PLAIN_TAIL,
  "options": terminal(["ssh"]),
} satisfies PlatformProfile;
