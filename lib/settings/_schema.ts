/**
 * The table of settings: for each key its check, default and environment
 * variable. `settings.ts` documents the keys; `mod.ts` lists the variables.
 *
 * @module
 */
import type { Settings } from "./settings.ts";
import {
  bool,
  expandPath,
  int,
  list,
  listMap,
  object,
  oneOf,
  optionalStr,
  path,
  type Spec,
  type SpecContext,
  str,
  stringMap,
  timeZone,
  url,
} from "./_spec.ts";
import {
  DEFAULT_TYPES,
  IOSLIKE_VENDORS,
  SUPPORTED_PLATFORMS,
  SUPPORTED_TYPES,
  VENDOR_MAP,
} from "./vendors.ts";
import { LOADER_NAMES } from "./loader_names.ts";

const MAX = Number.MAX_SAFE_INTEGER;

/** Inventory sources: URLs stay as given, paths are expanded. */
function sources(): Spec<readonly string[]> {
  const base = list((ctx) => [`${ctx.prefix}/netdevices.json`], "NETDEVICES_SOURCE");
  return {
    ...base,
    expected: "a path or URL, or a non-empty list of them",
    check(v: unknown, ctx: SpecContext) {
      const l = base.check(v, ctx);
      if (l === undefined || l.length === 0 || l.some((s) => s === "")) return undefined;
      return l.map((s) => (/^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : expandPath(s, ctx)));
    },
  };
}

/** Loader names, each one the toolkit knows. */
function loaders(): Spec<readonly string[]> {
  const base = list(LOADER_NAMES, "NETDEVICES_LOADERS");
  return {
    ...base,
    expected: `a non-empty list of loader names (${LOADER_NAMES.join(", ")})`,
    check(v: unknown, ctx: SpecContext) {
      const l = base.check(v, ctx)?.map((s) => s.toLowerCase());
      return l && l.length > 0 && l.every((n) => LOADER_NAMES.includes(n)) ? l : undefined;
    },
  };
}

/** SSH login methods, each one the SSH client knows, none twice. */
function authOrder(): Spec<readonly string[]> {
  const methods = ["password", "keyboard-interactive", "publickey"];
  const base = list(methods, "SSH_AUTHENTICATION_ORDER");
  return {
    ...base,
    expected: `a non-empty list of ${methods.join(", ")} (each once)`,
    check(v: unknown, ctx: SpecContext) {
      const l = base.check(v, ctx)?.map((m) => m.toLowerCase());
      return l && l.length > 0 && l.every((m) => methods.includes(m)) &&
          new Set(l).size === l.length
        ? l
        : undefined;
    },
  };
}

/**
 * Settings of the original Trigger this toolkit does not support, with why:
 * naming one (in the file or by its variable) is a `SETTINGS_INVALID` error
 * rather than a setting silently ignored.
 */
export const UNSUPPORTED: Readonly<Record<string, { env?: string; why: string }>> = Object
  .freeze({
    withAcls: {
      env: "WITH_ACLS",
      why: "devices are not loaded with their ACL associations; read them from the " +
        "association store (AclAssociations) instead",
    },
    tftprootDir: {
      env: "TFTPROOT_DIR",
      why: "ACLs and configuration are pushed over the device session, never staged on TFTP",
    },
    tftpHost: {
      env: "TFTP_HOST",
      why: "ACLs and configuration are pushed over the device session, never staged on TFTP",
    },
    internalNetworks: {
      env: "INTERNAL_NETWORKS",
      why: "the original's address_is_internal() helper has no counterpart; the ACL tools " +
        "take the networks they check explicitly",
    },
  });

/** Every setting except `custom` and `prefix`, which `settings.ts` handles itself. */
export type SchemaKey = Exclude<keyof Settings, "custom" | "prefix" | "file">;

/** The checks, defaults and environment variables of every setting. */
export const SCHEMA: { readonly [K in SchemaKey]: Spec<Settings[K]> } = {
  netdevicesSource: sources(),
  netdevicesLoaders: loaders(),
  netdevicesLenient: bool(false, "NETDEVICES_LENIENT"),
  netdevicesAllowDuplicateNames: bool(false, "NETDEVICES_ALLOW_DUPLICATE_NAMES"),
  rancidRecurseSubdirs: bool(false, "RANCID_RECURSE_SUBDIRS"),
  netboxToken: optionalStr("NETBOX_TOKEN"),
  defaultAdminStatus: str("PRODUCTION", "DEFAULT_ADMIN_STATUS"),
  defaultRealm: str("default", "DEFAULT_REALM"),
  tacacsrc: path((c) => `${c.home}/.tacacsrc.json`, "TACACSRC"),
  tacacsrcKeyfile: path((c) => `${c.home}/.tacacsrc.key`, "TACACSRC_KEYFILE"),
  tacacsrcLockTimeoutMs: int(1, MAX, 10_000, "TACACSRC_LOCK_TIMEOUT_MS"),
  legacyTacacsrc: path((c) => `${c.home}/.tacacsrc`),
  legacyTacacsrcKeyfile: path((c) => `${c.prefix}/.tackf`),
  tacacsrcUsePassphrase: bool(false, "TACACSRC_USE_PASSPHRASE"),
  useGpgAuth: bool(false, "USE_GPG_AUTH"),
  bounceFile: path((c) => `${c.prefix}/bounce.json`, "BOUNCE_FILE"),
  bounceDefaultTimezone: timeZone("America/New_York", "BOUNCE_DEFAULT_TZ"),
  bounceDefaultColor: oneOf(["green", "yellow", "red"], "red", "BOUNCE_DEFAULT_COLOR"),
  autoaclFile: path((c) => `${c.prefix}/autoacl.json`, "AUTOACL_FILE"),
  aclDbPath: path((c) => `${c.prefix}/acls.db`, "ACL_DB_PATH"),
  aclDbBackend: oneOf(["sqlite", "redis"], "sqlite", "ACL_DB_BACKEND"),
  firewallDir: path((c) => `${c.prefix}/firewalls`, "FIREWALL_DIR"),
  redisUrl: url(["redis", "rediss"], "redis://127.0.0.1:6379/0", "REDIS_URL"),
  textfsmTemplateDir: path((c) => `${c.prefix}/vendor/ntc_templates`, "TEXTFSM_TEMPLATE_DIR"),
  textfsmVendorMappings: listMap(
    { cisco: ["ios", "nxos"], arista: ["eos"] },
    "TEXTFSM_VENDOR_MAPPINGS",
  ),
  vendorMap: stringMap(VENDOR_MAP, (k) => k.trim().toUpperCase(), "VENDOR_MAP"),
  defaultTypes: stringMap(DEFAULT_TYPES, (k) => k.toLowerCase()),
  fallbackType: str("ROUTER", "FALLBACK_TYPE"),
  fallbackManufacturer: str("UNKNOWN", "FALLBACK_MANUFACTURER"),
  supportedPlatforms: listMap(SUPPORTED_PLATFORMS),
  supportedTypes: list(SUPPORTED_TYPES, "SUPPORTED_TYPES"),
  iosLikeVendors: list(IOSLIKE_VENDORS, "IOSLIKE_VENDORS"),
  validOwners: list([], "VALID_OWNERS"),
  knownHostsFile: path((c) => `${c.home}/.ssh/known_hosts`, "TRIGGER_KNOWN_HOSTS"),
  sshPortDefault: int(1, 65535, 22, "SSH_PORT"),
  telnetPortDefault: int(1, 65535, 23, "TELNET_PORT"),
  telnetFallback: bool(true, "TELNET_ENABLED"),
  sshAuthenticationOrder: authOrder(),
  sshPtyDisabled: listMap({}, "SSH_PTY_DISABLED"),
  sshAsyncDisabled: listMap({}, "SSH_ASYNC_DISABLED"),
  termType: str((c) => c.env.TERM || "xterm", "TERM_TYPE"),
  gorcFile: path((c) => `${c.home}/.gorc`, "GORC_FILE"),
  gorcAllowedCommands: list([
    "cli",
    "enable",
    "exit",
    "get",
    "monitor",
    "ping",
    "quit",
    "set",
    "show",
    "start",
    "term",
    "terminal",
    "traceroute",
    "who",
    "whoami",
  ], "GORC_ALLOWED_COMMANDS"),
  juniperFullCommitFields: stringMap({}, (k) => k, "JUNIPER_FULL_COMMIT_FIELDS"),
  notifications: object(),
  redundancyGroupField: optionalStr("REDUNDANCY_GROUP_FIELD"),
  redundancyGroupPattern: optionalStr("REDUNDANCY_GROUP_PATTERN"),
  autoloadBlacklist: list([], "AUTOLOAD_BLACKLIST"),
  autoloadFilterThresh: object("AUTOLOAD_FILTER_THRESH"),
  changeHooks: optionalStr("CHANGE_HOOKS"),
  commandoMaxConns: int(1, MAX, 10, "COMMANDO_MAX_CONNS"),
  commandTimeoutMs: int(1, MAX, 300_000, "COMMAND_TIMEOUT_MS"),
  connectTimeoutMs: int(1, MAX, 10_000, "CONNECT_TIMEOUT_MS"),
  telnetTimeoutMs: int(1, MAX, 60_000, "TELNET_TIMEOUT_MS"),
  queueUrl: optionalStr("TRIGGER_QUEUE_URL"),
  queue: object("TRIGGER_QUEUE"),
};
