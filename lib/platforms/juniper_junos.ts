/**
 * Platform profile: Juniper Junos CLI (routers, switches, SRX firewalls).
 *
 * @module
 */
import type { PlatformProfile } from "./profile.ts";

/** Juniper Junos CLI (routers, switches, SRX firewalls) (`juniper_junos`). */
export const JUNIPER_JUNOS = {
  "id": "juniper_junos",
  "vendor": "juniper",
  "description": "Juniper Junos CLI (routers, switches, SRX firewalls)",
  "inventory": {
    "manufacturers": ["JUNIPER", "JUNIPER NETWORKS"],
    "deviceTypes": ["FIREWALL", "ROUTER", "SWITCH"],
    "defaultType": "ROUTER",
    "iosLike": false,
    "match": [{}],
  },
  "management": {
    "protocol": "netconf",
    "configMode": "configuration",
    "commit": "commit",
    "confirmedCommit": "commit confirmed {minutes}",
    "save": null,
  },
  "acl": {
    "load": "netconf",
    "named": "junos",
    "numbered": "junos",
    "read": "junos",
    "readback": { "named": "", "numbered": "" },
    "method": "replace",
  },
  "gnng": { "command": "show configuration interfaces", "parser": "junos" },
  "commands": { "version": "show version", "runningConfig": "show configuration" },
  "defaultMode": "exec",
  "modes": [
    {
      "name": "configuration",
      "promptPattern": "[\\w.:/@+-]{1,63}#",
      "transitions": [
        {
          "to": "exec",
          "steps": [
            {
              "type": "sendInput",
              "input": "exit configuration-mode",
            },
          ],
        },
      ],
    },
    {
      "name": "exec",
      "promptPattern": "[\\w.:/@+-]{1,63}>",
      "transitions": [
        {
          "to": "configuration",
          "steps": [
            {
              "type": "sendInput",
              "input": "configure",
            },
          ],
        },
      ],
    },
  ],
  "failureIndicators": [
    "unknown command.",
    "syntax error",
    "invalid value.",
    "missing argument.",
    "is ambiguous.",
    "error: ",
  ],
  "onOpen": [
    {
      "type": "sendInput",
      "input": "set cli screen-length 0",
    },
    {
      "type": "sendInput",
      "input": "set cli screen-width 0",
    },
    {
      "type": "sendInput",
      "input": "set cli complete-on-space off",
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
      "pattern": "Exit with uncommitted changes\\? \\[yes,no\\] \\(yes\\)\\s*$",
      "answer": "yes",
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
    "legacyAlgorithms": false,
  },
} satisfies PlatformProfile;
