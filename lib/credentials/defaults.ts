/**
 * Default locations of the credential store and its key file, and the
 * default realm: all from the settings (`tacacsrc`, `tacacsrcKeyfile`,
 * `defaultRealm`, overridden by `TACACSRC`, `TACACSRC_KEYFILE`,
 * `DEFAULT_REALM`), so that every tool agrees.
 *
 * @module
 */
import { defaultSettings, type Settings } from "../settings/mod.ts";

/**
 * The built-in default realm (the settings' `defaultRealm` unless the file
 * or `DEFAULT_REALM` says otherwise).
 *
 * @example The default realm
 * ```ts
 * import { DEFAULT_REALM } from "@trigger/trigger/credentials";
 * import { builtinSettings } from "@trigger/trigger/settings";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(DEFAULT_REALM, "default");
 * strictEqual(builtinSettings().defaultRealm, DEFAULT_REALM);
 * ```
 */
export const DEFAULT_REALM = "default";

/**
 * Returns the store path: the settings' `tacacsrc` (`$TACACSRC`, else the
 * settings file's `tacacsrc`, else `~/.tacacsrc.json`).
 *
 * @param settings The settings (default: this process's).
 * @returns An absolute path.
 * @throws {TriggerError} `SETTINGS_INVALID` when the process settings are invalid.
 *
 * @example From given settings
 * ```ts
 * import { defaultStorePath } from "@trigger/trigger/credentials";
 * import { loadSettings } from "@trigger/trigger/settings";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(defaultStorePath(loadSettings({ env: { HOME: "/home/ann" } })), "/home/ann/.tacacsrc.json");
 * strictEqual(defaultStorePath(loadSettings({ env: { HOME: "/h", TACACSRC: "/x/c.json" } })), "/x/c.json");
 * ```
 */
export function defaultStorePath(settings: Settings = defaultSettings()): string {
  return settings.tacacsrc;
}

/**
 * Returns the key file path: the settings' `tacacsrcKeyfile`
 * (`$TACACSRC_KEYFILE`, else the file's, else `~/.tacacsrc.key`).
 *
 * @param settings The settings (default: this process's).
 * @returns An absolute path.
 * @throws {TriggerError} `SETTINGS_INVALID` when the process settings are invalid.
 *
 * @example From given settings
 * ```ts
 * import { defaultKeyFilePath } from "@trigger/trigger/credentials";
 * import { loadSettings } from "@trigger/trigger/settings";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(defaultKeyFilePath(loadSettings({ env: { HOME: "/home/ann" } })), "/home/ann/.tacacsrc.key");
 * ```
 */
export function defaultKeyFilePath(settings: Settings = defaultSettings()): string {
  return settings.tacacsrcKeyfile;
}
