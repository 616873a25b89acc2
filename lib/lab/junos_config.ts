/**
 * A Junos configuration as a tree of statements: parsed from and printed as
 * the curly-brace text `show configuration` prints, and edited with `set` and
 * `delete` lines the way the Junos CLI does.
 *
 * @module
 */

/** One statement: a container (`children` set) or a leaf (`children` null). */
export interface ConfigNode {
  /** The statement without braces or `;` (`unit 0`, `host-name r1`). */
  key: string;
  /** Children of a container; `null` for a leaf. */
  children: ConfigNode[] | null;
}

/** Keywords followed by a name that together form one statement (`unit 0`). */
export const NAMED: ReadonlySet<string> = new Set([
  "unit",
  "family",
  "filter",
  "term",
  "group",
  "neighbor",
  "area",
  "policy-statement",
  "user",
  "file",
  "route",
  "interface",
  "vlan",
  "instance",
  "zone",
  "security-zone",
  "policy",
  "prefix-list",
]);

/** Parses curly-brace configuration text into a list of top-level nodes. */
export function parseConfigText(text: string): ConfigNode[] {
  const root: ConfigNode = { key: "", children: [] };
  const stack: ConfigNode[] = [root];
  const clean = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|\s)#[^\n]*/g, "$1");
  let words: string[] = [];
  for (const tok of clean.match(/"(?:[^"\\]|\\.)*"|[{};]|[^\s{};"]+/g) ?? []) {
    const top = stack[stack.length - 1]!;
    if (tok === "{") {
      stack.push(findOrAdd(top, words.join(" "), true));
      words = [];
    } else if (tok === ";") {
      if (words.length > 0) findOrAdd(top, words.join(" "), false);
      words = [];
    } else if (tok === "}") {
      if (words.length > 0) findOrAdd(top, words.join(" "), false);
      words = [];
      if (stack.length > 1) stack.pop();
    } else words.push(tok);
  }
  if (words.length > 0) findOrAdd(stack[stack.length - 1]!, words.join(" "), false);
  return root.children!;
}

function findOrAdd(parent: ConfigNode, key: string, container: boolean): ConfigNode {
  const kids = parent.children!;
  const found = kids.find((n) => n.key === key && (n.children !== null) === container);
  if (found) return found;
  if (!container) {
    // a leaf with the same keyword replaces the old value (host-name r1 → host-name r2)
    const word = key.split(" ")[0]!;
    const i = kids.findIndex((n) => n.children === null && n.key.split(" ")[0] === word);
    if (i >= 0 && key.includes(" ") && !NAMED.has(word)) {
      kids[i] = { key, children: null };
      return kids[i]!;
    }
  }
  const node: ConfigNode = { key, children: container ? [] : null };
  kids.push(node);
  return node;
}

/** Prints nodes as Junos curly-brace text (four-space indent). */
export function printConfig(nodes: readonly ConfigNode[], indent = 0): string {
  const pad = " ".repeat(indent);
  let out = "";
  for (const n of nodes) {
    if (n.children === null) out += `${pad}${n.key};\n`;
    else out += `${pad}${n.key} {\n${printConfig(n.children, indent + 4)}${pad}}\n`;
  }
  return out;
}

/** Deep copy. */
export function cloneConfig(nodes: readonly ConfigNode[]): ConfigNode[] {
  return nodes.map((n) => ({ key: n.key, children: n.children ? cloneConfig(n.children) : null }));
}

/** Merges `extra` into `base` in place (load merge). */
export function mergeConfig(base: ConfigNode[], extra: readonly ConfigNode[]): void {
  const holder: ConfigNode = { key: "", children: base };
  for (const n of extra) {
    const target = findOrAdd(holder, n.key, n.children !== null);
    if (n.children && target.children) mergeConfig(target.children, n.children);
  }
}

/**
 * `load replace` in place: statements tagged `replace:` replace their
 * counterpart (or are added); untagged ones are merged, as on Junos.
 */
export function replaceConfig(base: ConfigNode[], extra: readonly ConfigNode[]): void {
  const holder: ConfigNode = { key: "", children: base };
  for (const n of extra) {
    const m = /^replace:\s*(.*)$/.exec(n.key);
    if (m) {
      const node = cloneConfig([{ key: m[1]!, children: n.children }])[0]!;
      const i = base.findIndex((b) => b.key === node.key);
      if (i >= 0) base[i] = node;
      else base.push(node);
      continue;
    }
    const target = findOrAdd(holder, n.key, n.children !== null);
    if (n.children && target.children) replaceConfig(target.children, n.children);
  }
}

function tokens(line: string): string[] {
  return line.match(/"[^"]*"|\S+/g) ?? [];
}

/** The container path and leaf of a `set` statement's words. */
function splitPath(words: readonly string[]): { path: string[]; leaf: string | null } {
  const path: string[] = [];
  let i = 0;
  const leafAt = words.length >= 2 ? words.length - 2 : words.length - 1;
  while (i < leafAt) {
    const w = words[i]!;
    if (NAMED.has(w) && i + 1 < leafAt) {
      path.push(`${w} ${words[i + 1]}`);
      i += 2;
    } else {
      path.push(w);
      i++;
    }
  }
  const rest = words.slice(i);
  return { path, leaf: rest.length > 0 ? rest.join(" ") : null };
}

/** Applies one `set ...` or `delete ...` line in place; returns false for other text. */
export function applySetLine(config: ConfigNode[], line: string): boolean {
  const [verb, ...words] = tokens(line.trim());
  if (verb !== "set" && verb !== "delete") return false;
  if (words.length === 0) return true;
  const holder: ConfigNode = { key: "", children: config };
  if (verb === "delete") {
    deletePath(holder, words);
    return true;
  }
  const { path, leaf } = splitPath(words);
  let node = holder;
  for (const key of path) node = findOrAdd(node, key, true);
  if (leaf !== null) findOrAdd(node, leaf, false);
  return true;
}

function deletePath(holder: ConfigNode, words: readonly string[]): void {
  // try the longest statement that matches at each level
  const kids = holder.children;
  if (kids === null) return;
  for (let n = words.length; n >= 1; n--) {
    const key = words.slice(0, n).join(" ");
    const i = kids.findIndex((k) => k.key === key);
    if (i < 0) continue;
    if (n === words.length) kids.splice(i, 1);
    else deletePath(kids[i]!, words.slice(n));
    return;
  }
}

/** Lines of `show | compare` style difference between two configurations. */
export function diffConfig(before: readonly ConfigNode[], after: readonly ConfigNode[]): string {
  const a = new Set(flatten(before));
  const b = new Set(flatten(after));
  const removed = [...a].filter((l) => !b.has(l)).map((l) => `- ${l}`);
  const added = [...b].filter((l) => !a.has(l)).map((l) => `+ ${l}`);
  return [...removed, ...added].join("\n") + (removed.length + added.length > 0 ? "\n" : "");
}

function flatten(nodes: readonly ConfigNode[], prefix = ""): string[] {
  return nodes.flatMap((n) => {
    const path = prefix === "" ? n.key : `${prefix} ${n.key}`;
    return n.children === null ? [path] : [path, ...flatten(n.children, path)];
  });
}
