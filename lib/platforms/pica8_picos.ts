/**
 * Platform profile: Pica8 switches running PicOS (L2/L3 CLI).
 *
 * @module
 */
import type { PlatformProfile } from "./profile.ts";

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
  "management": {
    "protocol": "cli",
    "configMode": "configuration",
    "commit": "commit",
    "confirmedCommit": "commit confirmed {minutes}",
    // a commit is saved
    "save": null,
  },
  "acl": null,
  "gnng": null,
  "commands": { "version": "show version", "runningConfig": "show running-config" },
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
  "failureIndicators": ["syntax error", "Invalid value", "Error:", "Commit failed"],
  // PicOS has no session-wide paging-off: every show command asks for no pager
  "onOpen": [],
  "onClose": [{ "type": "write", "data": "exit\n" }],
  "pagers": [],
  "confirmations": [],
  "appendToCommands": [{ "pattern": "^show\\b", "text": " | no-more" }],
  "options": {
    "returnChar": "\n",
    "pty": true,
    "term": "vt100",
    "transports": ["ssh"],
    "legacyAlgorithms": false,
  },
} satisfies PlatformProfile;
