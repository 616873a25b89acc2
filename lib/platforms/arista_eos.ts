/**
 * Platform profile: Arista EOS switches.
 *
 * @module
 */
import type { PlatformProfile } from "./profile.ts";
import {
  CONFIG_SESSION,
  IOS_STYLE_COMMANDS,
  IOS_STYLE_GNNG,
  IOS_STYLE_MANAGEMENT,
  iosStyleAcl,
} from "./_ios_modes.ts";

/** Arista EOS switches (`arista_eos`). */
export const ARISTA_EOS = {
  "id": "arista_eos",
  "vendor": "arista",
  "description": "Arista EOS switches",
  "inventory": {
    "manufacturers": ["ARISTA NETWORKS"],
    "deviceTypes": ["SWITCH"],
    "defaultType": "SWITCH",
    "iosLike": true,
    "match": [{}],
  },
  "management": IOS_STYLE_MANAGEMENT,
  "acl": iosStyleAcl("eos", "eos", CONFIG_SESSION),
  "gnng": IOS_STYLE_GNNG,
  "commands": IOS_STYLE_COMMANDS,
  "defaultMode": "privileged",
  "modes": [
    {
      "name": "configuration",
      "promptPattern": "[\\w.:/@+-]{1,63}\\(config[^)]{0,48}\\)#",
      "transitions": [
        {
          "to": "privileged",
          "steps": [
            {
              "type": "sendInput",
              "input": "end",
            },
          ],
        },
      ],
    },
    {
      "name": "privileged",
      "promptPattern": "[\\w.:/@+-]{1,63}#",
      "transitions": [
        {
          "to": "configuration",
          "steps": [
            {
              "type": "sendInput",
              "input": "configure terminal",
            },
          ],
        },
        {
          "to": "exec",
          "steps": [
            {
              "type": "sendInput",
              "input": "disable",
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
          "to": "privileged",
          "steps": [
            {
              "type": "sendPromptedInput",
              "input": "enable",
              "prompt": "[Pp]assword:",
              "response": {
                "secret": "enable",
              },
            },
          ],
        },
      ],
    },
  ],
  "failureIndicators": [
    "% Invalid input",
    "% Incomplete command",
    "% Ambiguous command",
    "% Unavailable command",
    "% Error",
    "% Not supported",
  ],
  "onOpen": [
    {
      "type": "sendInput",
      "input": "terminal length 0",
    },
    {
      "type": "sendInput",
      "input": "terminal width 32767",
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
      "telnet",
    ],
    "legacyAlgorithms": false,
  },
} satisfies PlatformProfile;
