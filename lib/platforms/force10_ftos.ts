/**
 * Platform profile: Dell Force10 switches and routers running FTOS.
 *
 * @module
 */
import type { PlatformProfile } from "./profile.ts";
import {
  IOS_STYLE_COMMANDS,
  IOS_STYLE_GNNG,
  IOS_STYLE_MANAGEMENT,
  IOS_STYLE_MODES,
} from "./_ios_modes.ts";

/** Dell Force10 switches and routers (FTOS) (`force10_ftos`). */
export const FORCE10_FTOS = {
  "id": "force10_ftos",
  "vendor": "force10",
  "description": "Dell Force10 switches and routers (FTOS)",
  "inventory": {
    "manufacturers": ["FORCE10", "FORCE10 NETWORKS", "DELL FORCE10"],
    "deviceTypes": ["ROUTER", "SWITCH"],
    "defaultType": "ROUTER",
    "iosLike": true,
    "match": [{}, { "vendor": "dell", "pattern": "ftos|force10" }],
  },
  "management": IOS_STYLE_MANAGEMENT,
  // FTOS shows access lists with `seq N` lines, which the ACL engine does not read yet
  "acl": null,
  "gnng": IOS_STYLE_GNNG,
  "commands": IOS_STYLE_COMMANDS,
  "defaultMode": "privileged",
  // FTOS names configuration modes `(conf)`, `(conf-if-te-0/1)`
  "modes": IOS_STYLE_MODES.map((m) =>
    m.name === "configuration"
      ? { ...m, "promptPattern": "[\\w.:/@+-]{1,63}\\(conf[^)]{0,48}\\)#" }
      : m
  ),
  "failureIndicators": [
    "% Error: Invalid input",
    "% Error: Incomplete command",
    "% Error: Ambiguous command",
    "% Error:",
  ],
  "onOpen": [{ "type": "sendInput", "input": "terminal length 0" }],
  "onClose": [{ "type": "write", "data": "exit\r\n" }],
  "pagers": [],
  "confirmations": [],
  "appendToCommands": [],
  "options": {
    // the original Trigger sends CR LF to Force10 devices
    "returnChar": "\r\n",
    "pty": true,
    "term": "vt100",
    "transports": ["ssh", "telnet"],
    "legacyAlgorithms": true,
  },
} satisfies PlatformProfile;
