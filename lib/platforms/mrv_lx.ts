/**
 * Platform profile: MRV LX-series console servers.
 *
 * @module
 */
import type { PlatformProfile } from "./profile.ts";
import { ENABLE } from "./_ios_modes.ts";
import { cliManagement, saveWith, terminal } from "./_common.ts";

/** MRV LX-series console servers (`mrv_lx`). */
export const MRV_LX = {
  "id": "mrv_lx",
  "vendor": "mrv",
  "description": "MRV LX-series console servers",
  "inventory": {
    "manufacturers": ["MRV", "MRV COMMUNICATIONS"],
    "deviceTypes": ["CONSOLE", "SWITCH"],
    "defaultType": "CONSOLE",
    "iosLike": false,
    "match": [{}],
  },
  "management": cliManagement("configuration", {
    "save": saveWith("privileged", "save configuration flash"),
  }),
  "acl": null,
  "gnng": null,
  "commands": { "version": "show version", "runningConfig": "show configuration" },
  "defaultMode": "privileged",
  // host:0 > (user), host:0 >> (superuser), Config:0 >> and sub-modes such as Async 5-5:0 >>
  "modes": [
    {
      "name": "configuration",
      "promptPattern": "(?:Config|[A-Z][\\w]{0,15} \\d+(?:-\\d+)?):\\d+ >>",
      "transitions": [{ "to": "privileged", "steps": [{ "type": "sendInput", "input": "end" }] }],
    },
    {
      "name": "privileged",
      "promptPattern": "[\\w.-]{1,63}:\\d+ >>",
      "transitions": [
        { "to": "configuration", "steps": [{ "type": "sendInput", "input": "config" }] },
      ],
    },
    {
      "name": "exec",
      "promptPattern": "[\\w.-]{1,63}:\\d+ >",
      "transitions": [ENABLE],
    },
  ],
  "failureIndicators": ["Invalid input", "Incomplete command", "Ambiguous command", "Error:"],
  "onOpen": [{ "type": "sendInput", "input": "no pause" }],
  "onClose": [{ "type": "write", "data": "logout\n" }],
  "pagers": [],
  "confirmations": [],
  "appendToCommands": [],
  // configuration prompts do not carry the host name
  "options": terminal(["ssh", "telnet"], { "legacyAlgorithms": true, "learnPrompt": false }),
} satisfies PlatformProfile;
