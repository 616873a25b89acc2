/**
 * Settings → resources, in one place: what the verbs need, built from the
 * settings once — the connection policy and host key options
 * ({@linkcode accessPolicy}, {@linkcode hostKeyOptions}), the credential
 * store and the one credential resolver ({@linkcode openCredentialStore},
 * {@linkcode deviceCredentials}), the ACL association store, the autoacl
 * rules and the bounce policy ({@linkcode openAclStore},
 * {@linkcode loadAutoAclRules}, {@linkcode loadBouncePolicy}), and the
 * per-device rules of the settings ({@linkcode fullCommitRule},
 * {@linkcode textfsmPlatformRule}). The CLI only parses flags, calls these,
 * and prints.
 *
 * @example The resources of a run, from settings
 * ```ts
 * import { accessPolicy, hostKeyOptions, loadBouncePolicy } from "@trigger/trigger/resources";
 * import { loadSettings } from "@trigger/trigger/settings";
 * import { strictEqual } from "node:assert/strict";
 *
 * const settings = loadSettings({ env: { HOME: "/nonexistent", TELNET_TIMEOUT_MS: "5000" } });
 * strictEqual(accessPolicy(settings).telnetLoginTimeoutMs, 5000);
 * strictEqual(hostKeyOptions(settings).knownHostsPath, "/nonexistent/.ssh/known_hosts");
 * strictEqual((await loadBouncePolicy(settings)).source, "built-in");
 * ```
 *
 * @module
 */
export * from "./access.ts";
export * from "./acl.ts";
export * from "./devices.ts";
