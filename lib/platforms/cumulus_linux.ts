/**
 * Platform profile: Cumulus Linux switches, through the Linux shell and NCLU
 * (`net show ...`, `net add ...` then `net commit`).
 *
 * @module
 */
import type { PlatformProfile } from "./profile.ts";
import { cliManagement, PLAIN_TAIL, terminal } from "./_common.ts";

/** Cumulus Linux switches (NCLU) (`cumulus_linux`). */
export const CUMULUS_LINUX = {
  "id": "cumulus_linux",
  "vendor": "cumulus",
  "description": "Cumulus Linux switches (NCLU)",
  "inventory": {
    "manufacturers": ["CUMULUS", "CUMULUS NETWORKS", "CELESTICA"],
    "deviceTypes": ["SWITCH"],
    "defaultType": "SWITCH",
    "iosLike": true,
    "match": [{}],
  },
  // NCLU changes are typed at the shell and applied (and kept) by `net commit`
  "management": cliManagement("shell", { "commit": "net commit" }),
  "acl": null,
  "gnng": null,
  "commands": { "version": "net show version", "runningConfig": "net show configuration commands" },
  "defaultMode": "shell",
  "modes": [
    {
      "name": "shell",
      // cumulus@leaf01:mgmt:~$ , root@leaf01:~#
      "promptPattern": "[\\w.-]{1,32}@[\\w.-]{1,63}(?::[\\w-]+)?:[^\\s$#]{0,200}[$#]",
      "transitions": [],
    },
  ],
  "failureIndicators": [
    "command not found",
    "ERROR:",
    "No such file or directory",
    "Permission denied",
  ],
  // the shell does not page (the original sends nothing either)
  "onOpen": [],
  ...PLAIN_TAIL,
  "options": terminal(["ssh"]),
} satisfies PlatformProfile;
