/**
 * Builders for NETCONF (RFC 6241) and Junos operations. Each returns the
 * operation element as text, ready for {@linkcode NetconfClient.rpc}. Text
 * values are escaped; arguments documented as XML are inserted verbatim.
 *
 * @module
 */

import { escapeXml } from "./xml.ts";

/** The NETCONF base namespace. */
export const NETCONF_NS = "urn:ietf:params:xml:ns:netconf:base:1.0";

/** A datastore name: `running`, `candidate`, `startup`, or another. */
export type Datastore = "running" | "candidate" | "startup" | (string & Record<never, never>);

function datastore(name: Datastore): string {
  if (!/^[A-Za-z][\w-]*$/.test(name)) throw new TypeError(`Cannot use datastore name "${name}"`);
  return `<${name}/>`;
}

function filter(subtree: string | undefined): string {
  return subtree === undefined ? "" : `<filter type="subtree">${subtree}</filter>`;
}

/**
 * Wraps an operation in `<rpc>` with a message id.
 *
 * @param messageId The id the reply will carry.
 * @param operation The operation element (XML).
 * @returns The `<rpc>` document.
 *
 * @example Build a get-config request
 * ```ts
 * import { buildRpc, getConfigRpc } from "@trigger/trigger/netconf";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(
 *   buildRpc("5", getConfigRpc("running")),
 *   '<rpc message-id="5" xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">' +
 *     "<get-config><source><running/></source></get-config></rpc>",
 * );
 * ```
 */
export function buildRpc(messageId: string, operation: string): string {
  return `<rpc message-id="${escapeXml(messageId)}" xmlns="${NETCONF_NS}">${operation}</rpc>`;
}

/**
 * `<get>`, optionally with a subtree filter.
 *
 * @param subtree Subtree filter content (XML).
 * @returns The operation.
 */
export function getRpc(subtree?: string): string {
  return `<get>${filter(subtree)}</get>`;
}

/**
 * `<get-config>` from a datastore, optionally with a subtree filter.
 *
 * @param source Datastore to read.
 * @param subtree Subtree filter content (XML).
 * @returns The operation.
 * @throws {TypeError} When the datastore name is not a plain name.
 */
export function getConfigRpc(source: Datastore = "running", subtree?: string): string {
  return `<get-config><source>${datastore(source)}</source>${filter(subtree)}</get-config>`;
}

/** Options of {@linkcode editConfigRpc}. */
export interface EditConfigOptions {
  /**
   * Datastore to edit.
   *
   * @default {"candidate"}
   */
  target?: Datastore;
  /**
   * `merge`, `replace` or `none`.
   *
   * @default {undefined}
   */
  defaultOperation?: "merge" | "replace" | "none";
  /**
   * `test-then-set`, `set` or `test-only`.
   *
   * @default {undefined}
   */
  testOption?: "test-then-set" | "set" | "test-only";
  /**
   * `stop-on-error`, `continue-on-error` or `rollback-on-error`.
   *
   * @default {undefined}
   */
  errorOption?: "stop-on-error" | "continue-on-error" | "rollback-on-error";
}

/**
 * `<edit-config>`.
 *
 * @param config Content of `<config>` (XML).
 * @param options Target and operation options.
 * @returns The operation.
 * @throws {TypeError} When the datastore name is not a plain name.
 */
export function editConfigRpc(config: string, options: EditConfigOptions = {}): string {
  const { target = "candidate", defaultOperation, testOption, errorOption } = options;
  return `<edit-config><target>${datastore(target)}</target>` +
    (defaultOperation ? `<default-operation>${defaultOperation}</default-operation>` : "") +
    (testOption ? `<test-option>${testOption}</test-option>` : "") +
    (errorOption ? `<error-option>${errorOption}</error-option>` : "") +
    `<config>${config}</config></edit-config>`;
}

/**
 * `<lock>` or `<unlock>`.
 *
 * @param target Datastore.
 * @param unlock Build `<unlock>` instead.
 * @returns The operation.
 * @throws {TypeError} When the datastore name is not a plain name.
 */
export function lockRpc(target: Datastore = "candidate", unlock = false): string {
  const op = unlock ? "unlock" : "lock";
  return `<${op}><target>${datastore(target)}</target></${op}>`;
}

/** Options of {@linkcode commitRpc}. */
export interface CommitOptions {
  /**
   * Make it a confirmed commit (rolled back unless confirmed in time).
   *
   * @default {false}
   */
  confirmed?: boolean;
  /**
   * Seconds before an unconfirmed commit is rolled back (server default 600).
   *
   * @default {undefined}
   */
  confirmTimeout?: number;
  /**
   * `persist` token of a confirmed commit (confirmed-commit:1.1).
   *
   * @default {undefined}
   */
  persist?: string;
  /**
   * Confirms the confirmed commit made with this `persist` token.
   *
   * @default {undefined}
   */
  persistId?: string;
}

/**
 * `<commit>`; a plain commit also confirms a pending confirmed commit.
 *
 * @param options Confirmed-commit settings.
 * @returns The operation.
 * @throws {RangeError} When `confirmTimeout` is not a positive integer.
 */
export function commitRpc(options: CommitOptions = {}): string {
  const { confirmed = false, confirmTimeout, persist, persistId } = options;
  if (confirmTimeout !== undefined && !(Number.isInteger(confirmTimeout) && confirmTimeout > 0)) {
    throw new RangeError(`Cannot use confirm timeout ${confirmTimeout}: expected seconds > 0`);
  }
  return "<commit>" + (confirmed ? "<confirmed/>" : "") +
    (confirmed && confirmTimeout !== undefined
      ? `<confirm-timeout>${confirmTimeout}</confirm-timeout>`
      : "") +
    (persist !== undefined ? `<persist>${escapeXml(persist)}</persist>` : "") +
    (persistId !== undefined ? `<persist-id>${escapeXml(persistId)}</persist-id>` : "") +
    "</commit>";
}

/**
 * Junos: a CLI command as an RPC (`<command format="text">`).
 *
 * @param command CLI text (escaped).
 * @param format `text`, `xml` or `json` output.
 * @returns The operation.
 *
 * @example A text command
 * ```ts
 * import { junosCommandRpc } from "@trigger/trigger/netconf";
 * import { strictEqual } from "node:assert/strict";
 *
 * strictEqual(junosCommandRpc("show route | match <x>"), '<command format="text">show route | match &lt;x&gt;</command>');
 * ```
 */
export function junosCommandRpc(command: string, format: "text" | "xml" | "json" = "text"): string {
  return `<command format="${format}">${escapeXml(command)}</command>`;
}

/** Options of {@linkcode loadConfigurationRpc}. */
export interface LoadConfigurationOptions {
  /**
   * `merge`, `replace`, `override`, `update` or `set`.
   *
   * @default {"merge"}
   */
  action?: "merge" | "replace" | "override" | "update" | "set";
  /**
   * `text` (curly-brace text, escaped), `set` (set commands, escaped) or
   * `xml` (a `<configuration>` element, inserted verbatim).
   *
   * @default {"text"}
   */
  format?: "text" | "set" | "xml";
}

/**
 * Junos: `<load-configuration>`.
 *
 * @param config The configuration, in the given format.
 * @param options Action and format.
 * @returns The operation.
 */
export function loadConfigurationRpc(
  config: string,
  options: LoadConfigurationOptions = {},
): string {
  const { action = "merge", format = "text" } = options;
  const fmt = format === "xml" ? "xml" : "text";
  const body = format === "xml"
    ? config
    : format === "set"
    ? `<configuration-set>${escapeXml(config)}</configuration-set>`
    : `<configuration-text>${escapeXml(config)}</configuration-text>`;
  return `<load-configuration action="${action}" format="${fmt}">${body}</load-configuration>`;
}

/** Options of {@linkcode commitConfigurationRpc}. */
export interface CommitConfigurationOptions {
  /**
   * Commit confirmed (`<confirmed/>`).
   *
   * @default {false}
   */
  confirmed?: boolean;
  /**
   * Minutes before Junos rolls back an unconfirmed commit.
   *
   * @default {undefined}
   */
  confirmTimeout?: number;
  /**
   * Only check the candidate (`<check/>`).
   *
   * @default {false}
   */
  check?: boolean;
  /**
   * Commit comment (escaped).
   *
   * @default {undefined}
   */
  comment?: string;
  /**
   * A full commit (`<full/>`: every daemon re-reads the whole configuration;
   * the original's `JUNIPER_FULL_COMMIT_FIELDS`).
   *
   * @default {false}
   */
  full?: boolean;
}

/**
 * Junos: `<commit-configuration>`; a plain one confirms a confirmed commit.
 *
 * @param options Confirmation, check and comment.
 * @returns The operation.
 * @throws {RangeError} When `confirmTimeout` is not a positive integer.
 */
export function commitConfigurationRpc(options: CommitConfigurationOptions = {}): string {
  const { confirmed = false, confirmTimeout, check = false, comment, full = false } = options;
  if (confirmTimeout !== undefined && !(Number.isInteger(confirmTimeout) && confirmTimeout > 0)) {
    throw new RangeError(`Cannot use confirm timeout ${confirmTimeout}: expected minutes > 0`);
  }
  return "<commit-configuration>" + (check ? "<check/>" : "") + (full ? "<full/>" : "") +
    (confirmed ? "<confirmed/>" : "") +
    (confirmed && confirmTimeout !== undefined
      ? `<confirm-timeout>${confirmTimeout}</confirm-timeout>`
      : "") +
    (comment !== undefined ? `<log>${escapeXml(comment)}</log>` : "") +
    "</commit-configuration>";
}
