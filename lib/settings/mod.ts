/**
 * Settings: a JSON file, validated, with environment overrides.
 *
 * The file is `$TRIGGER_SETTINGS`, else `$XDG_CONFIG_HOME/trigger/settings.json`,
 * else `~/.config/trigger/settings.json`. Keys are the camelCase names of
 * {@linkcode Settings}; unknown keys are errors (put your own under `custom`).
 * Precedence: environment variable, then file, then built-in default.
 * Relative paths in the file are relative to `prefix` (default: the settings
 * file's directory); relative paths in environment variables are relative to
 * the current directory.
 *
 * | Setting | Environment variable | Default |
 * | --- | --- | --- |
 * | `prefix` | `TRIGGER_PREFIX` | directory of the settings file |
 * | `netdevicesSource` | `NETDEVICES_SOURCE` (a path/URL, or a JSON list) | `<prefix>/netdevices.json` |
 * | `netdevicesLoaders` | `NETDEVICES_LOADERS` (comma list) | `json, xml, sqlite, rancid, csv, netbox` |
 * | `netdevicesLenient` | `NETDEVICES_LENIENT` | `false` |
 * | `netdevicesAllowDuplicateNames` | `NETDEVICES_ALLOW_DUPLICATE_NAMES` | `false` |
 * | `rancidRecurseSubdirs` | `RANCID_RECURSE_SUBDIRS` | `false` |
 * | `netboxToken` | `NETBOX_TOKEN` | `null` |
 * | `defaultAdminStatus` | `DEFAULT_ADMIN_STATUS` | `PRODUCTION` |
 * | `defaultRealm` | `DEFAULT_REALM` | `default` (the original's was `aol`) |
 * | `tacacsrc` | `TACACSRC` | `~/.tacacsrc.json` (the encrypted store) |
 * | `tacacsrcKeyfile` | `TACACSRC_KEYFILE` | `~/.tacacsrc.key` (the store's key) |
 * | `tacacsrcLockTimeoutMs` | `TACACSRC_LOCK_TIMEOUT_MS` | `10000` |
 * | `legacyTacacsrc` | — | `~/.tacacsrc` (the original's file: only read by import) |
 * | `legacyTacacsrcKeyfile` | — | `<prefix>/.tackf` (the original's key file) |
 * | `tacacsrcUsePassphrase` | `TACACSRC_USE_PASSPHRASE` | `false` |
 * | `useGpgAuth` | `USE_GPG_AUTH` | `false` |
 * | `bounceFile` | `BOUNCE_FILE` | `<prefix>/bounce.json` |
 * | `bounceDefaultTimezone` | `BOUNCE_DEFAULT_TZ` | `America/New_York` |
 * | `bounceDefaultColor` | `BOUNCE_DEFAULT_COLOR` | `red` |
 * | `autoaclFile` | `AUTOACL_FILE` | `<prefix>/autoacl.json` |
 * | `aclDbPath` | `ACL_DB_PATH` | `<prefix>/acls.db` |
 * | `aclDbBackend` | `ACL_DB_BACKEND` | `sqlite` (or `redis`) |
 * | `firewallDir` | `FIREWALL_DIR` | `<prefix>/firewalls` |
 * | `redisUrl` | `REDIS_URL` | `redis://127.0.0.1:6379/0` |
 * | `textfsmTemplateDir` | `TEXTFSM_TEMPLATE_DIR` | `<prefix>/vendor/ntc_templates` |
 * | `textfsmVendorMappings` | `TEXTFSM_VENDOR_MAPPINGS` (JSON, merged) | `{cisco: [ios, nxos], arista: [eos]}` |
 * | `vendorMap` | `VENDOR_MAP` (JSON, merged) | {@linkcode VENDOR_MAP} |
 * | `defaultTypes` | — | {@linkcode DEFAULT_TYPES} |
 * | `fallbackType` | `FALLBACK_TYPE` | `ROUTER` |
 * | `fallbackManufacturer` | `FALLBACK_MANUFACTURER` | `UNKNOWN` |
 * | `supportedPlatforms` | — | {@linkcode SUPPORTED_PLATFORMS} |
 * | `supportedTypes` | `SUPPORTED_TYPES` | {@linkcode SUPPORTED_TYPES} |
 * | `iosLikeVendors` | `IOSLIKE_VENDORS` | {@linkcode IOSLIKE_VENDORS} |
 * | `validOwners` | `VALID_OWNERS` | `[]` |
 * | `knownHostsFile` | `TRIGGER_KNOWN_HOSTS` | `~/.ssh/known_hosts` |
 * | `sshPortDefault` | `SSH_PORT` | `22` |
 * | `telnetPortDefault` | `TELNET_PORT` | `23` |
 * | `telnetFallback` | `TELNET_ENABLED` | `true` |
 * | `sshAuthenticationOrder` | `SSH_AUTHENTICATION_ORDER` | `password, keyboard-interactive, publickey` |
 * | `sshPtyDisabled` | `SSH_PTY_DISABLED` (JSON) | `{}` (the original's: `{dell: [SWITCH]}`) |
 * | `sshAsyncDisabled` | `SSH_ASYNC_DISABLED` (JSON) | `{}` (the original's: `{dell: [SWITCH], foundry: [SWITCH]}`) |
 * | `termType` | `TERM_TYPE` | `$TERM` or `xterm` (scripted sessions: the platform's unless set) |
 * | `gorcFile` | `GORC_FILE` | `~/.gorc` |
 * | `gorcAllowedCommands` | `GORC_ALLOWED_COMMANDS` | the original's 15 words |
 * | `juniperFullCommitFields` | `JUNIPER_FULL_COMMIT_FIELDS` (JSON) | `{}` |
 * | `notifications` | — | `{}` |
 * | `redundancyGroupField` | `REDUNDANCY_GROUP_FIELD` | `null` |
 * | `redundancyGroupPattern` | `REDUNDANCY_GROUP_PATTERN` | `null` |
 * | `autoloadBlacklist` | `AUTOLOAD_BLACKLIST` (comma list) | `[]` |
 * | `autoloadFilterThresh` | `AUTOLOAD_FILTER_THRESH` (JSON) | `{}` |
 * | `changeHooks` | `CHANGE_HOOKS` | `null` |
 * | `commandoMaxConns` | `COMMANDO_MAX_CONNS` | `10` |
 * | `commandTimeoutMs` | `COMMAND_TIMEOUT_MS` | `300000` |
 * | `connectTimeoutMs` | `CONNECT_TIMEOUT_MS` | `10000` |
 * | `telnetTimeoutMs` | `TELNET_TIMEOUT_MS` | `60000` |
 * | `queueUrl` | `TRIGGER_QUEUE_URL` | `null` (fleet jobs run here) |
 * | `queue` | `TRIGGER_QUEUE` (JSON) | `{}` (see `queueConfig()`) |
 * | `custom` | — | `{}` |
 *
 * The credential store is the one place every tool takes its credentials
 * from: `trigger tacacsrc`, the fleet verbs and library callers of
 * `CredentialStore.open()` without a path all use `tacacsrc`,
 * `tacacsrcKeyfile` and `defaultRealm` from here. The original's 3DES file
 * at `legacyTacacsrc` is never written; while the store does not exist,
 * tools name it with the `trigger tacacsrc import-legacy` command to run.
 *
 * Not supported (naming one is a `SETTINGS_INVALID` error, "not supported: ..."):
 * `withAcls` (`WITH_ACLS`), `tftprootDir` (`TFTPROOT_DIR`), `tftpHost`
 * (`TFTP_HOST`), `internalNetworks` (`INTERNAL_NETWORKS`).
 *
 * Boolean variables accept `1/true/yes/on` and `0/false/no/off/` (empty);
 * list variables a comma-separated list or a JSON array; object variables JSON.
 *
 * @example Load from a file
 * ```ts
 * import { loadSettings } from "@trigger/trigger";
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 *
 * const dir = Deno.makeTempDirSync();
 * Deno.writeTextFileSync(`${dir}/settings.json`, JSON.stringify({
 *   netdevicesSource: "inventory.csv",
 *   custom: { team: "neteng" },
 * }));
 * const s = loadSettings({ path: `${dir}/settings.json`, env: { HOME: dir } });
 * deepStrictEqual(s.netdevicesSource, [`${dir}/inventory.csv`]);
 * strictEqual(s.custom.team, "neteng");
 * Deno.removeSync(dir, { recursive: true });
 * ```
 *
 * @module
 */
export * from "./settings.ts";
export * from "./vendors.ts";
export { LOADER_NAMES } from "./loader_names.ts";
