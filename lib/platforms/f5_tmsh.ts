/**
 * Platform profile: F5 BIG-IP load balancers, through the Traffic Management
 * Shell (tmsh).
 *
 * @module
 */
import type { PlatformProfile } from "./profile.ts";
import { cliManagement, saveWith, terminal } from "./_common.ts";

/** F5 BIG-IP load balancers (tmsh) (`f5_tmsh`). */
export const F5_TMSH = {
  "id": "f5_tmsh",
  "vendor": "f5",
  "description": "F5 BIG-IP load balancers (tmsh)",
  "inventory": {
    "manufacturers": ["F5 NETWORKS", "F5"],
    "deviceTypes": ["LOAD_BALANCER", "SWITCH"],
    "defaultType": "LOAD_BALANCER",
    "iosLike": false,
    "match": [{}],
  },
  // tmsh changes the running configuration command by command, at its one prompt
  "management": cliManagement("tmos", { "save": saveWith("tmos", "save sys config") }),
  "acl": null,
  "gnng": null,
  "commands": { "version": "show sys version", "runningConfig": "show running-config" },
  "defaultMode": "tmos",
  "modes": [
    {
      "name": "tmos",
      // user@(host)(cfg-sync Standalone)(Active)(/Common)(tmos)#
      "promptPattern":
        "[\\w.@-]{1,63}@\\([\\w.-]{1,63}\\)(?:\\([^)\\r\\n]{1,64}\\)){0,6}\\(tmos\\)#",
      "transitions": [],
    },
  ],
  "failureIndicators": [
    "Syntax Error:",
    "Data Input Error:",
    "Configuration error:",
    "was not found.",
  ],
  "onOpen": [
    { "type": "sendInput", "input": "modify cli preference pager disabled display-threshold 0" },
  ],
  "onClose": [{ "type": "write", "data": "quit\n" }],
  "pagers": [{ "pattern": "---\\(less \\d+%\\)---", "reply": " " }],
  "confirmations": [],
  "appendToCommands": [],
  "options": terminal(["ssh"]),
} satisfies PlatformProfile;
