/**
 * The `Settings` type and `loadSettings()`: a JSON settings file, validated,
 * with environment overrides.
 *
 * @module
 */
import { TriggerError, TriggerSyntaxError } from "../errors.ts";
import { fromEnvText, type SpecContext } from "./_spec.ts";
import { SCHEMA, type SchemaKey, UNSUPPORTED } from "./_schema.ts";
import { parseJson, suggest } from "./_text.ts";

/**
 * Every setting, validated and frozen. Paths are absolute (`~` expanded;
 * relative paths in the file are relative to {@linkcode Settings.prefix}).
 * The module documentation lists the environment variable of each key.
 */
export interface Settings {
  /** The settings file read, or `null` when none existed (defaults only). */
  readonly file: string | null;
  /** Base directory of the other files; default: the settings file's directory. */
  readonly prefix: string;
  /** Inventory sources (paths or URLs), loaded and merged in order. */
  readonly netdevicesSource: readonly string[];
  /** The loader chain, by name, tried in order for each source. */
  readonly netdevicesLoaders: readonly string[];
  /** Misspelt inventory columns and vendors are warnings naming the records, not errors. */
  readonly netdevicesLenient: boolean;
  /** Devices may share a name: such devices are keyed by name and address (`name@address`). */
  readonly netdevicesAllowDuplicateNames: boolean;
  /** Treat a RANCID directory as multi-instance (`<root>/<group>/router.db`) even without groups found. */
  readonly rancidRecurseSubdirs: boolean;
  /** NetBox API token for the NetBox loader (prefer the `NETBOX_TOKEN` variable). */
  readonly netboxToken: string | null;
  /** `adminStatus` of records that give none. */
  readonly defaultAdminStatus: string;
  /** Credential realm of devices that name none, and of `trigger tacacsrc set` without `--realm`. */
  readonly defaultRealm: string;
  /** The encrypted credential store (AES-256-GCM JSON file) every tool reads. */
  readonly tacacsrc: string;
  /** Key file of the credential store (32 random bytes, mode 0600). */
  readonly tacacsrcKeyfile: string;
  /** How long a credential store write waits for another process's lock. */
  readonly tacacsrcLockTimeoutMs: number;
  /**
   * Where the original Trigger kept its 3DES `.tacacsrc`: never written, only
   * named in hints to import it (`trigger tacacsrc import-legacy`).
   */
  readonly legacyTacacsrc: string;
  /** The original's shared key file of legacy `.tacacsrc` files. */
  readonly legacyTacacsrcKeyfile: string;
  /**
   * The credential store is keyed by a passphrase instead of the key file:
   * the CLI asks for it on the terminal (and refuses without one).
   */
  readonly tacacsrcUsePassphrase: boolean;
  /**
   * The original's GPG-encrypted credentials. Not supported: when set, the
   * CLI's credential verbs stop with `SETTINGS_INVALID` rather than ignore it.
   */
  readonly useGpgAuth: boolean;
  /** Maintenance (bounce) window definitions. */
  readonly bounceFile: string;
  /** IANA time zone bounce windows are written in. */
  readonly bounceDefaultTimezone: string;
  /** Colour of hours no window names, and of the built-in weekend moratorium. */
  readonly bounceDefaultColor: string;
  /** Automatic ACL association rules. */
  readonly autoaclFile: string;
  /** ACL association database (SQLite). */
  readonly aclDbPath: string;
  /** Where ACL associations and the load queue live: `sqlite` (`aclDbPath`) or `redis` (`redisUrl`). */
  readonly aclDbBackend: string;
  /** Directory of ACL policy files. */
  readonly firewallDir: string;
  /** Redis URL of the ACL association store. */
  readonly redisUrl: string;
  /** Directory of TextFSM templates. */
  readonly textfsmTemplateDir: string;
  /**
   * Vendor → operating systems with TextFSM templates: a device whose
   * `operatingSystem` is listed under its vendor is parsed with the
   * `<vendor>_<os>` templates (else its platform's).
   */
  readonly textfsmVendorMappings: Readonly<Record<string, readonly string[]>>;
  /** Manufacturer (upper case) → canonical vendor; file entries are merged over the built-in map. */
  readonly vendorMap: Readonly<Record<string, string>>;
  /** Vendor → default device type (merged over the built-in table). */
  readonly defaultTypes: Readonly<Record<string, string>>;
  /** Device type of vendors without a default type. */
  readonly fallbackType: string;
  /** Manufacturer of records that give none. */
  readonly fallbackManufacturer: string;
  /** Vendor → supported device types (merged over the built-in table). */
  readonly supportedPlatforms: Readonly<Record<string, readonly string[]>>;
  /** Known device types. */
  readonly supportedTypes: readonly string[];
  /** Vendors with a Cisco-like CLI. */
  readonly iosLikeVendors: readonly string[];
  /** Owning teams accepted by ACL rules. */
  readonly validOwners: readonly string[];
  /** The known_hosts file SSH host keys are checked against (and recorded in). */
  readonly knownHostsFile: string;
  /** SSH port of devices that give none. */
  readonly sshPortDefault: number;
  /** Telnet port of devices that give none. */
  readonly telnetPortDefault: number;
  /** Fall back to telnet when SSH is unavailable. */
  readonly telnetFallback: boolean;
  /** SSH login methods, in order (`password`, `keyboard-interactive`, `publickey`); others are not tried. */
  readonly sshAuthenticationOrder: readonly string[];
  /** Vendor → device types where interactive logins (`gong`) use Telnet, not SSH. */
  readonly sshPtyDisabled: Readonly<Record<string, readonly string[]>>;
  /** Vendor → device types where scripted sessions use Telnet, not SSH. */
  readonly sshAsyncDisabled: Readonly<Record<string, readonly string[]>>;
  /** Terminal type of pty requests: interactive logins always, scripted sessions when set. */
  readonly termType: string;
  /** Per-user login commands file. */
  readonly gorcFile: string;
  /** First words allowed in the login commands file. */
  readonly gorcAllowedCommands: readonly string[];
  /** Inventory field → value pairs that, when all match a Junos device, make its commits full (`<full/>`). */
  readonly juniperFullCommitFields: Readonly<Record<string, string>>;
  /** Notification configuration (validated by its consumer). */
  readonly notifications: Readonly<Record<string, unknown>>;
  /** load-acl: the inventory field whose equal values make a redundancy group (loaded one at a time). */
  readonly redundancyGroupField: string | null;
  /** load-acl: a regex on device names; its first group (or the match) names the redundancy group. */
  readonly redundancyGroupPattern: string | null;
  /** load-acl --auto: ACLs never loaded automatically (the original's AUTOLOAD_BLACKLIST). */
  readonly autoloadBlacklist: readonly string[];
  /** load-acl --auto: ACL → device count; queued on that many devices or more, it waits for a person. */
  readonly autoloadFilterThresh: Readonly<Record<string, unknown>>;
  /** load-acl: a TypeScript/JavaScript module with the change hooks (CM ticket, on-call). */
  readonly changeHooks: string | null;
  /** Maximum parallel device sessions of Commando. */
  readonly commandoMaxConns: number;
  /** Per-command timeout. */
  readonly commandTimeoutMs: number;
  /** Connection (TCP and handshake) timeout. */
  readonly connectTimeoutMs: number;
  /** Milliseconds allowed for a Telnet login. */
  readonly telnetTimeoutMs: number;
  /**
   * The Redis of the distributed job queue (BullMQ): fleet jobs go to remote
   * workers when set (`--via` overrides it); `null` runs them here.
   */
  readonly queueUrl: string | null;
  /** The distributed queue: prefix, routes of devices to queues, TLS CA, workers' stores per realm. */
  readonly queue: Readonly<Record<string, unknown>>;
  /** Your own keys, not validated. */
  readonly custom: Readonly<Record<string, unknown>>;
}

/** Options of {@linkcode loadSettings}. */
export interface LoadSettingsOptions {
  /**
   * The settings file. When given (here or in `TRIGGER_SETTINGS`) it must exist.
   *
   * @default {env.TRIGGER_SETTINGS, else $XDG_CONFIG_HOME/trigger/settings.json or ~/.config/trigger/settings.json}
   */
  path?: string;
  /**
   * The environment to read overrides from.
   *
   * @default {Deno.env.toObject()}
   */
  env?: Readonly<Record<string, string>>;
}

/**
 * Returns the settings file path that {@linkcode loadSettings} reads.
 *
 * @param env The environment.
 * @returns The path, and whether it was named explicitly.
 *
 * @example Default location
 * ```ts
 * import { settingsPath } from "@trigger/trigger/settings";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * deepStrictEqual(settingsPath({ HOME: "/home/ann" }), {
 *   path: "/home/ann/.config/trigger/settings.json",
 *   explicit: false,
 * });
 * ```
 */
export function settingsPath(
  env: Readonly<Record<string, string>>,
): { path: string; explicit: boolean } {
  if (env.TRIGGER_SETTINGS) return { path: env.TRIGGER_SETTINGS, explicit: true };
  const config = env.XDG_CONFIG_HOME || `${homeOf(env)}/.config`;
  return { path: `${config}/trigger/settings.json`, explicit: false };
}

function currentDirectory(): string | undefined {
  try {
    return Deno.cwd();
  } catch {
    return undefined;
  }
}

function homeOf(env: Readonly<Record<string, string>>): string {
  return env.HOME || env.USERPROFILE || "/";
}

function processEnv(): Record<string, string> {
  try {
    return Deno.env.toObject();
  } catch {
    return {};
  }
}

function invalid(key: string, where: string, expected: string, got: unknown): TriggerError {
  const shown = got === undefined ? "nothing" : JSON.stringify(got);
  return new TriggerError(
    "SETTINGS_INVALID",
    `Cannot use setting "${key}" from ${where}: expected ${expected}, got ${shown}`,
  );
}

function readFile(path: string, explicit: boolean): Record<string, unknown> | null {
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound && !explicit) return null;
    const why = e instanceof Error ? e.message : String(e);
    throw new TriggerError("SETTINGS_INVALID", `Cannot read settings file "${path}": ${why}`, {
      cause: e,
    });
  }
  const parsed = parseJson(text);
  if (!parsed.ok) {
    throw new TriggerSyntaxError(
      "SETTINGS_INVALID",
      `Cannot parse settings file "${path}": ${parsed.message}`,
      { line: parsed.line, column: parsed.column, source: path },
    );
  }
  const v = parsed.value;
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    throw new TriggerError(
      "SETTINGS_INVALID",
      `Cannot use settings file "${path}": expected a JSON object`,
    );
  }
  return v as Record<string, unknown>;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Reads and validates the settings: built-in defaults, then the settings
 * file, then environment variables (highest precedence).
 *
 * @param options The file and environment to use.
 * @returns Frozen settings.
 * @throws {TriggerError} `SETTINGS_INVALID` for an unreadable or malformed
 * file, an unknown key (outside `custom`) or a bad value, naming the key, its
 * origin and what was expected.
 *
 * @example Defaults plus an environment override
 * ```ts
 * import { loadSettings } from "@trigger/trigger";
 * import { strictEqual } from "node:assert/strict";
 *
 * const s = loadSettings({ env: { HOME: "/nonexistent", COMMANDO_MAX_CONNS: "50" } });
 * strictEqual(s.commandoMaxConns, 50);
 * strictEqual(s.tacacsrc, "/nonexistent/.tacacsrc.json");
 * strictEqual(s.bounceDefaultTimezone, "America/New_York");
 * ```
 *
 * @example A bad value names the key and what was expected
 * ```ts
 * import { isTriggerError, loadSettings } from "@trigger/trigger";
 * import { strictEqual, throws } from "node:assert/strict";
 *
 * throws(
 *   () => loadSettings({ env: { HOME: "/nonexistent", COMMANDO_MAX_CONNS: "abc" } }),
 *   (e) => isTriggerError(e, "SETTINGS_INVALID") && e.message.includes("positive integer"),
 * );
 * strictEqual(typeof loadSettings, "function");
 * ```
 */
export function loadSettings(options: LoadSettingsOptions = {}): Settings {
  const env = options.env ?? processEnv();
  const located = options.path !== undefined
    ? { path: options.path, explicit: true }
    : settingsPath(env);
  const data = readFile(located.path, located.explicit);
  return build(data ?? {}, data === null ? null : located.path, located.path, env);
}

function build(
  data: Record<string, unknown>,
  fileRead: string | null,
  file: string,
  env: Readonly<Record<string, string>>,
): Settings {
  const where = `"${file}"`;
  const home = homeOf(env);

  const envNames = new Map<string, string>();
  for (const [k, spec] of Object.entries(SCHEMA)) if (spec.env) envNames.set(spec.env, k);
  const known = new Set<string>([...Object.keys(SCHEMA), "prefix", "custom", "$schema"]);
  for (const [key, { env: variable, why }] of Object.entries(UNSUPPORTED)) {
    const origin = key in data
      ? where
      : variable !== undefined && env[variable] !== undefined
      ? `environment variable ${variable}`
      : undefined;
    if (origin !== undefined) {
      throw new TriggerError(
        "SETTINGS_INVALID",
        `Cannot use setting "${key}" from ${origin}: not supported: ${why}`,
      );
    }
  }
  for (const key of Object.keys(data)) {
    if (known.has(key)) continue;
    const hint = envNames.get(key) ?? suggest(key, known)[0];
    throw new TriggerError(
      "SETTINGS_INVALID",
      `Cannot use setting "${key}" from ${where}: unknown key` +
        (hint ? ` (did you mean "${hint}"?)` : "") + `; put your own keys under "custom"`,
    );
  }

  let prefix = file.includes("/") ? file.slice(0, file.lastIndexOf("/")) || "/" : ".";
  const rawPrefix = env.TRIGGER_PREFIX ?? data.prefix;
  if (rawPrefix !== undefined) {
    if (typeof rawPrefix !== "string" || rawPrefix === "") {
      const origin = env.TRIGGER_PREFIX !== undefined
        ? "environment variable TRIGGER_PREFIX"
        : where;
      throw invalid("prefix", origin, "a path", rawPrefix);
    }
    prefix = rawPrefix.startsWith("~") ? home + rawPrefix.slice(1) : rawPrefix;
  }
  const ctx: SpecContext = { home, prefix, env };
  // a relative path typed in an environment variable is the user's: it is
  // relative to the directory they are in, not to the settings' prefix
  const envCtx: SpecContext = { ...ctx, prefix: currentDirectory() ?? prefix };

  const out: Record<string, unknown> = { file: fileRead, prefix };
  const origins = new Map<string, SettingOrigin>();
  for (const key of Object.keys(SCHEMA) as SchemaKey[]) {
    const spec = SCHEMA[key];
    let value: unknown = spec.default(ctx);
    if (key in data) {
      const checked = spec.check(data[key], ctx);
      if (checked === undefined) throw invalid(key, where, spec.expected, data[key]);
      value = checked;
      origins.set(key, "file");
    }
    if (spec.env !== undefined && env[spec.env] !== undefined) {
      const raw = fromEnvText(env[spec.env]!, spec.envKind);
      const checked = spec.check(raw, envCtx);
      if (checked === undefined) {
        throw invalid(key, `environment variable ${spec.env}`, spec.expected, env[spec.env]);
      }
      value = checked;
      origins.set(key, "env");
    }
    out[key] = value;
  }
  const custom = data.custom ?? {};
  if (typeof custom !== "object" || custom === null || Array.isArray(custom)) {
    throw invalid("custom", where, "an object", custom);
  }
  out.custom = structuredClone(custom);
  const settings = deepFreeze(structuredClone(out)) as unknown as Settings;
  ORIGINS.set(settings, origins);
  return settings;
}

/** Where a setting's value came from. */
export type SettingOrigin = "default" | "file" | "env";

const ORIGINS = new WeakMap<Settings, ReadonlyMap<string, SettingOrigin>>();

/**
 * Where a setting's value came from: its environment variable, the settings
 * file, or the built-in default. Lets a consumer tell "the file the user
 * named" (which must exist) from "the default place" (which may not).
 *
 * @param settings Settings from {@linkcode loadSettings}.
 * @param key The setting.
 * @returns `"env"`, `"file"` or `"default"`.
 *
 * @example A default, and an environment override
 * ```ts
 * import { loadSettings, settingOrigin } from "@trigger/trigger/settings";
 * import { strictEqual } from "node:assert/strict";
 *
 * const s = loadSettings({ env: { HOME: "/nonexistent", BOUNCE_FILE: "/etc/b.json" } });
 * strictEqual(settingOrigin(s, "bounceFile"), "env");
 * strictEqual(settingOrigin(s, "autoaclFile"), "default");
 * ```
 */
export function settingOrigin(settings: Settings, key: keyof Settings): SettingOrigin {
  return ORIGINS.get(settings)?.get(key) ?? "default";
}

let cached: Settings | undefined;

/**
 * The settings of this process (from `TRIGGER_SETTINGS` and the process
 * environment), read once and cached. Prefer passing settings explicitly;
 * this is for entry points such as the CLI.
 *
 * @returns The cached settings.
 * @throws {TriggerError} `SETTINGS_INVALID` as {@linkcode loadSettings}.
 *
 * @example Read once, reuse
 * ```ts
 * import { defaultSettings } from "@trigger/trigger";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(defaultSettings(), defaultSettings());
 * ```
 */
export function defaultSettings(): Settings {
  cached ??= loadSettings();
  return cached;
}

/**
 * Built-in defaults only: no file and no environment (home `/`).
 * Useful in tests and for inventories built in memory.
 *
 * @returns Frozen default settings.
 *
 * @example Built-in defaults
 * ```ts
 * import { builtinSettings } from "@trigger/trigger/settings";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(builtinSettings().sshPortDefault, 22);
 * strictEqual(builtinSettings().file, null);
 * ```
 */
export function builtinSettings(): Settings {
  builtin ??= build({}, null, "/etc/trigger/settings.json", {});
  return builtin;
}
let builtin: Settings | undefined;
