/**
 * Platform profile: Pica8 switches running PicOS (L2/L3 CLI).
 *
 * @module
 */
import type { PlatformProfile } from "./profile.ts";
import { cliManagement, operationalModes, terminal } from "./_common.ts";

const PROMPT = "[\\w.-]{1,63}@[\\w.-]{1,63}";

/** Pica8 switches (PicOS) (`pica8_picos`). */
export const PICA8_PICOS = {
  "id": "pica8_picos",
  "vendor": "pica8",
  "description": "Pica8 switches (PicOS)",
  "inventory": {
    "manufacturers": ["PICA8"],
    "deviceTypes": ["ROUTER", "SWITCH"],
    "defaultType": "SWITCH",
    "iosLike": false,
    "match": [{}],
  },
  // a commit is saved
  "management": cliManagement("configuration", {
    "commit": "commit",
    "confirmedCommit": "commit confirmed {minutes}",
  }),
  "acl": null,
  "gnng": null,
  "commands": { "version": "show version", "runningConfig": "show running-config" },
  "defaultMode": "exec",
  "modes": operationalModes(PROMPT),
  "failureIndicators": ["syntax error", "Invalid value", "Error:", "Commit failed"],
  // PicOS has no session-wide paging-off: every show command asks for no pager
  "onOpen": [],
  "onClose": [{ "type": "write", "data": "exit\n" }],
  "pagers": [],
  "confirmations": [],
  "appendToCommands": [{ "pattern": "^show\\b", "text": " | no-more" }],
  "options": terminal(["ssh"]),
} satisfies PlatformProfile;
