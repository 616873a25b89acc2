/**
 * The README's settings table lists every setting, and each has a test that
 * shows its effect (named here: file and test name). A setting added to the
 * schema without a row, or a row without a test, fails this.
 */
import { deepStrictEqual, ok } from "node:assert/strict";
import { builtinSettings } from "../../lib/settings/mod.ts";

const ROOT = new URL("../../", import.meta.url);

/** Setting → [test file, words of a test or step name in it]. */
const EFFECTS: Record<string, [string, string]> = {
  prefix: ["tests/settings/effects_test.ts", "prefix and netdevicesSource"],
  netdevicesSource: ["tests/settings/effects_test.ts", "prefix and netdevicesSource"],
  netdevicesLoaders: ["tests/settings/effects_test.ts", "netdevicesLoaders: only the listed"],
  netdevicesLenient: [
    "tests/cli/inventory_input_test.ts",
    "an error with a did-you-mean, or warnings",
  ],
  netdevicesAllowDuplicateNames: [
    "tests/cli/inventory_input_test.ts",
    "NETDEVICES_ALLOW_DUPLICATE_NAMES",
  ],
  rancidRecurseSubdirs: ["tests/settings/effects_test.ts", "rancidRecurseSubdirs: a single"],
  netboxToken: ["tests/netdevices/netbox_test.ts", "sends the token"],
  defaultAdminStatus: ["tests/settings/effects_test.ts", "defaultAdminStatus, fallback"],
  defaultRealm: ["tests/credentials/device_resolver_test.ts", "the configured default realm"],
  tacacsrc: ["tests/credentials/settings_paths_test.ts", "give the store path, key file"],
  tacacsrcKeyfile: ["tests/credentials/settings_paths_test.ts", "give the store path, key file"],
  tacacsrcLockTimeoutMs: ["tests/credentials/lock_timeout_test.ts", "fails after the bounded wait"],
  legacyTacacsrc: ["tests/credentials/settings_paths_test.ts", "a legacy ~/.tacacsrc is named"],
  legacyTacacsrcKeyfile: ["tests/settings/access_settings_test.ts", "legacyTacacsrcKeyfile is"],
  tacacsrcUsePassphrase: ["tests/cli/store_test.ts", "TACACSRC_USE_PASSPHRASE asks"],
  useGpgAuth: ["tests/cli/store_test.ts", "USE_GPG_AUTH is refused"],
  bounceFile: ["tests/settings/effects_test.ts", "bounceFile and bounceDefaultTimezone"],
  bounceDefaultTimezone: ["tests/settings/effects_test.ts", "bounceFile and bounceDefaultTimezone"],
  bounceDefaultColor: ["tests/settings/access_settings_test.ts", "bounceDefaultColor colours"],
  autoaclFile: ["tests/settings/effects_test.ts", "autoaclFile and validOwners"],
  validOwners: ["tests/settings/effects_test.ts", "autoaclFile and validOwners"],
  aclDbPath: ["tests/settings/access_settings_test.ts", "aclDbBackend (ACL_DB_BACKEND)"],
  aclDbBackend: ["tests/settings/access_settings_test.ts", "aclDbBackend (ACL_DB_BACKEND)"],
  redisUrl: ["tests/cli/acl_redis_test.ts", "trigger acl with the Redis store"],
  firewallDir: ["tests/cli/host_keys_test.ts", "the README's lab workflow"],
  redundancyGroupField: ["tests/settings/effects_test.ts", "redundancyGroupField and Pattern"],
  redundancyGroupPattern: ["tests/settings/effects_test.ts", "redundancyGroupField and Pattern"],
  autoloadBlacklist: ["tests/cli/load_acl_workflow_test.ts", "without blacklisted or too-large"],
  autoloadFilterThresh: ["tests/cli/load_acl_workflow_test.ts", "without blacklisted or too-large"],
  changeHooks: ["tests/cli/load_acl_workflow_test.ts", "asks the change hooks module"],
  textfsmTemplateDir: ["tests/cli/run_cmds_test.ts", "--parse adds TextFSM records"],
  textfsmVendorMappings: ["tests/settings/access_settings_test.ts", "textfsmVendorMappings picks"],
  vendorMap: ["tests/netdevices/net_device_test.ts", "canonicalVendor() maps manufacturers"],
  defaultTypes: ["tests/settings/effects_test.ts", "defaultAdminStatus, fallback"],
  fallbackType: ["tests/settings/effects_test.ts", "defaultAdminStatus, fallback"],
  fallbackManufacturer: ["tests/settings/effects_test.ts", "defaultAdminStatus, fallback"],
  supportedPlatforms: ["tests/settings/effects_test.ts", "supportedPlatforms: a listed vendor"],
  supportedTypes: ["tests/settings/effects_test.ts", "supportedTypes: a router.db type"],
  iosLikeVendors: ["tests/settings/effects_test.ts", "iosLikeVendors: which vendors"],
  knownHostsFile: ["tests/cli/host_keys_test.ts", "with TRIGGER_KNOWN_HOSTS in a fresh HOME"],
  sshPortDefault: ["tests/session/plan_test.ts", "SSH refused: every verb's path"],
  telnetPortDefault: ["tests/settings/effects_test.ts", "telnetPortDefault: the port"],
  telnetFallback: ["tests/netdevices/net_device_test.ts", "ports, addresses, transports"],
  telnetTimeoutMs: ["tests/settings/access_settings_test.ts", "telnetTimeoutMs bounds"],
  sshAuthenticationOrder: ["tests/settings/access_settings_test.ts", "sshAuthenticationOrder and"],
  sshAsyncDisabled: ["tests/settings/access_settings_test.ts", "sshAsyncDisabled sends"],
  sshPtyDisabled: ["tests/settings/access_settings_test.ts", "sshAsyncDisabled sends"],
  termType: ["tests/settings/access_settings_test.ts", "sshAuthenticationOrder and termType"],
  juniperFullCommitFields: ["tests/settings/access_settings_test.ts", "juniperFullCommitFields"],
  gorcFile: ["tests/cli/gong_test.ts", ".gorc init commands"],
  gorcAllowedCommands: ["tests/settings/effects_test.ts", "gorcAllowedCommands: the first"],
  notifications: ["tests/cli/run_cmds_notify_test.ts", "--notify posts a summary"],
  commandoMaxConns: ["tests/settings/effects_test.ts", "COMMANDO_MAX_CONNS=1"],
  queueUrl: ["tests/distributed/queue_test.ts", "TRIGGER_QUEUE_URL sends jobs there"],
  queue: ["tests/distributed/queue_test.ts", "queue.routes send each device"],
  commandTimeoutMs: ["tests/settings/effects_test.ts", "COMMAND_TIMEOUT_MS: a command"],
  connectTimeoutMs: ["tests/settings/effects_test.ts", "CONNECT_TIMEOUT_MS: a port"],
  custom: ["tests/settings/settings_test.ts", "custom kept"],
};

function readmeSettings(): string[] {
  const text = Deno.readTextFileSync(new URL("README.md", ROOT));
  const section = text.slice(
    text.indexOf("\n## Settings\n"),
    text.indexOf("\n## Use as a library"),
  );
  return [...section.matchAll(/^\| `([a-zA-Z]+)`/gm)].map((m) => m[1]!);
}

Deno.test("the README's settings table lists every setting, once", () => {
  const documented = readmeSettings();
  deepStrictEqual(documented.length, new Set(documented).size, "a setting listed twice");
  const known = Object.keys(builtinSettings()).filter((k) => k !== "file");
  deepStrictEqual([...documented].sort(), [...known].sort());
});

Deno.test("every setting of the README's table has a test that shows its effect", () => {
  for (const key of readmeSettings()) {
    const effect = EFFECTS[key];
    ok(effect, `no test named for setting "${key}"`);
    const [file, words] = effect;
    const text = Deno.readTextFileSync(new URL(file, ROOT));
    const names = [...text.matchAll(/(?:Deno\.test|t\.step)\(\s*(["'`])([\s\S]*?)\1/g)]
      .map((m) => m[2]!);
    ok(
      names.some((n) => n.includes(words)),
      `setting "${key}": no test or step named "...${words}..." in ${file}`,
    );
  }
});
