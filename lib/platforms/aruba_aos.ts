/**
 * Platform profile: Aruba wireless controllers (ArubaOS).
 *
 * @module
 */
import type { PlatformProfile } from "./profile.ts";

/** Aruba wireless controllers (ArubaOS) (`aruba_aos`). */
export const ARUBA_AOS = {
  "id": "aruba_aos",
  "vendor": "aruba",
  "description": "Aruba wireless controllers (ArubaOS)",
  "defaultMode": "privileged",
  "modes": [
    {
      "name": "configuration",
      "promptPattern": "\\([\\w.:/@+-]{1,63}\\)(?: \\[[\\w:/.-]+\\])? ?\\(config[^)]{0,48}\\) ?#",
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
      "promptPattern": "\\([\\w.:/@+-]{1,63}\\)(?: \\[[\\w:/.-]+\\])? ?#",
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
      "promptPattern": "\\([\\w.:/@+-]{1,63}\\)(?: \\[[\\w:/.-]+\\])? ?>",
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
    "% Parse error",
    "Error: ",
  ],
  "onOpen": [
    {
      "type": "sendInput",
      "input": "no paging",
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
