/**
 * Platform profile: Avocent ACS 6000 console servers (their CLI).
 *
 * @module
 */
import type { PlatformProfile } from "./profile.ts";
import { cliManagement, PLAIN_TAIL, terminal } from "./_common.ts";

/** Avocent ACS 6000 console servers (`avocent_acs`). */
export const AVOCENT_ACS = {
  "id": "avocent_acs",
  "vendor": "avocent",
  "description": "Avocent ACS 6000 console servers",
  "inventory": {
    "manufacturers": ["AVOCENT", "CYCLADES", "VERTIV"],
    "deviceTypes": ["CONSOLE"],
    "defaultType": "CONSOLE",
    "iosLike": false,
    "match": [{}],
  },
  // `set` changes wait for `commit`, which applies and saves them
  "management": cliManagement("cli", { "commit": "commit" }),
  "acl": null,
  "gnng": null,
  // the console server's configuration that matters: its serial ports
  "commands": {
    "version": "show /system/information",
    "runningConfig": "show /ports/serial_ports",
  },
  "defaultMode": "cli",
  "modes": [
    {
      "name": "cli",
      // --:- / cli->   (a + marks changes not committed; the path follows cd)
      "promptPattern": "--:[-+] [^\\s]{1,200} cli->",
      "transitions": [],
    },
  ],
  "failureIndicators": ["Error:", "Invalid", "not found"],
  // the CLI does not page (the original sends nothing either)
  "onOpen": [],
  ...PLAIN_TAIL,
  // the prompt shows the path and pending changes, not the host name
  "options": terminal(["ssh", "telnet"], { "legacyAlgorithms": true, "learnPrompt": false }),
} satisfies PlatformProfile;
