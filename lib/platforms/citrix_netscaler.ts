/**
 * Platform profile: Citrix NetScaler ADC (nscli).
 *
 * @module
 */
import type { PlatformProfile } from "./profile.ts";

/** Citrix NetScaler ADC (nscli) (`citrix_netscaler`). */
export const CITRIX_NETSCALER = {
  "id": "citrix_netscaler",
  "vendor": "citrix",
  "description": "Citrix NetScaler ADC (nscli)",
  "inventory": {
    "manufacturers": ["CITRIX"],
    "deviceTypes": ["SWITCH"],
    "defaultType": "SWITCH",
    "iosLike": false,
    "match": [{}],
  },
  "management": {
    "protocol": "cli",
    "configMode": "exec",
    "commit": null,
    "confirmedCommit": null,
    "save": { "mode": "exec", "steps": [{ "type": "sendInput", "input": "save ns config" }] },
  },
  "acl": null,
  "gnng": null,
  "commands": { "version": "show ns version", "runningConfig": "show ns runningConfig" },
  "defaultMode": "exec",
  "modes": [
    {
      "name": "exec",
      "promptPattern": "[\\w.:/@+-]{0,63}>",
      "transitions": [],
    },
  ],
  "failureIndicators": [
    "ERROR: ",
  ],
  "onOpen": [
    {
      "type": "sendInput",
      "input": "set cli mode -page OFF",
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
    ],
    "legacyAlgorithms": false,
  },
} satisfies PlatformProfile;
