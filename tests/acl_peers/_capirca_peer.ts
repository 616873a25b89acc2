/**
 * The Capirca peer (`capirca_peer.py`) seen from the tests: a Python process
 * speaking JSON lines, which generates seeded random policies, renders them
 * with Capirca's generators and answers flows with Capirca's `aclcheck`.
 */
import { fileURLToPath } from "node:url";
import type { Acl, AclDialect, Flow } from "../../lib/acl/mod.ts";
import { ACL_DIALECTS, parseAll } from "../../lib/acl/mod.ts";

const PEER = fileURLToPath(new URL("./capirca_peer.py", import.meta.url));
const PYTHON = "/usr/bin/python3";

/** A Capirca term as the generator writes it (lists of definition names). */
export interface PeerTerm {
  name: string;
  src: string[];
  srcExclude: string[];
  dst: string[];
  dstExclude: string[];
  sport: string[];
  dport: string[];
  protocol: string[];
  icmpType: string[];
  action: "accept" | "deny" | "reject" | "reject-with-tcp-rst";
  counter: string | null;
  logging: boolean;
}

/** A random policy: its definitions and terms. */
export interface PeerPolicy {
  family: "inet" | "inet6" | "mixed";
  networks: Record<string, string[]>;
  services: Record<string, string[]>;
  terms: PeerTerm[];
}

/** A flow as the peer writes it: Capirca's protocol name and its number. */
export interface PeerFlow {
  src: string;
  dst: string;
  protocol: string;
  proto: number;
  sport?: number;
  dport?: number;
  icmpType?: number;
}

/** aclcheck's answer: the first exact match, or none (the implicit deny). */
export interface PeerAnswer {
  action: "accept" | "deny" | "reject" | "reject-with-tcp-rst" | null;
  term: string | null;
}

/** One policy rendered by every generator that applies, with flows and answers. */
export interface PeerCase {
  policy: PeerPolicy;
  /** The definitions and policy as Capirca files would hold them. */
  source: string;
  renderings: Record<string, string | { error: string }>;
  flows: PeerFlow[];
  answers: PeerAnswer[];
}

/** Why a Capirca test is skipped: the one reason there is. */
export const CAPIRCA_MISSING =
  "skipped: python3-capirca is not installed (apt-get install python3-capirca, listed in .ci/packages.txt)";

/** Whether Debian's python3-capirca (listed in .ci/packages.txt) can be imported. */
export async function hasCapirca(): Promise<boolean> {
  try {
    const r = await new Deno.Command(PYTHON, {
      args: ["-c", "import capirca.lib.aclcheck, capirca.lib.juniper"],
      stdout: "null",
      stderr: "null",
    }).output();
    return r.success;
  } catch {
    return false;
  }
}

/** A running peer; `using` closes it. */
export class CapircaPeer {
  #child: Deno.ChildProcess;
  #writer: WritableStreamDefaultWriter<Uint8Array>;
  #lines: AsyncIterator<string>;

  constructor() {
    this.#child = new Deno.Command(PYTHON, {
      args: [PEER],
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    this.#writer = this.#child.stdin.getWriter();
    this.#lines = lines(this.#child.stdout)[Symbol.asyncIterator]();
  }

  async #ask<T>(request: unknown): Promise<T> {
    await this.#writer.write(new TextEncoder().encode(JSON.stringify(request) + "\n"));
    const next = await this.#lines.next();
    if (next.done) throw new Deno.errors.UnexpectedEof("the Capirca peer exited");
    return JSON.parse(next.value) as T;
  }

  /** `count` random policies from `seed`, with `flows` flows each (edges first). */
  generate(
    seed: number,
    count: number,
    flows: number,
  ): Promise<{ cases: PeerCase[]; refused: number }> {
    return this.#ask({ op: "generate", seed, count, flows });
  }

  /** Renders and answers a given policy (for minimising); `invalid` when Capirca refuses it. */
  render(policy: PeerPolicy, flows: PeerFlow[]): Promise<PeerCase | { invalid: string }> {
    return this.#ask({ op: "render", policy, flows });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.#writer.close();
    await this.#lines.return?.();
    await this.#child.status;
  }
}

async function* lines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  let buf = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    buf += chunk;
    let nl: number;
    while ((nl = buf.indexOf("\n")) >= 0) {
      yield buf.slice(0, nl);
      buf = buf.slice(nl + 1);
    }
  }
}

/** Our engine's flow for a peer flow (the protocol by number: names are per dialect). */
export function engineFlow(f: PeerFlow): Flow {
  const flow: Flow = { src: f.src, dst: f.dst, protocol: f.proto };
  if (f.sport !== undefined) flow.sport = f.sport;
  if (f.dport !== undefined) flow.dport = f.dport;
  if (f.icmpType !== undefined) flow.icmpType = f.icmpType;
  return flow;
}

/** 4 or 6: the address family an ACL filters. */
export function aclFamily(acl: Acl): 4 | 6 {
  return acl.family === "inet6" || acl.source === "ipv6" ? 6 : 4;
}

/** 4 or 6: the family of a flow. */
export function flowFamily(f: PeerFlow): 4 | 6 {
  return f.src.includes(":") ? 6 : 4;
}

/** The dialect to read with: the given one once the engine registers it, else `auto`. */
export function readDialect(dialect: string | undefined): AclDialect {
  return ACL_DIALECTS.find((d) => d === dialect) ?? "auto";
}

/** Capirca's term names (the generator's). */
const TERM_NAME = /^t\d+$/;

/**
 * The policy term a rule of a rendering comes from: its name (Junos), else
 * the last `remark tN` Capirca wrote at or before it (the IOS family).
 */
function policyTerm(acl: Acl, index: number): string | null {
  for (let k = index; k >= 0; k--) {
    const t = acl.terms[k]!;
    if (k === index && t.name !== null) return t.name;
    const remark = t.comments.findLast((c) => TERM_NAME.test(c.text.trim()));
    if (remark) return remark.text.trim();
  }
  return null;
}

/** Our verdict per flow: `permitted` from the ACL of the flow's family, and the policy term deciding. */
export interface Verdict {
  permitted: boolean | null;
  term: string | null;
}

/**
 * Parses a rendering (every filter in it, in `dialect` when the engine has
 * it) and checks each flow against the filter of its family; a family without
 * a filter denies.
 */
export function ourVerdicts(
  text: string,
  flows: PeerFlow[],
  options: { dialect?: string | undefined } = {},
): Verdict[] {
  const acls = parseAll(text, { dialect: readDialect(options.dialect) });
  const byFamily = new Map<4 | 6, Acl>();
  for (const acl of acls) {
    const fam = aclFamily(acl);
    if (byFamily.has(fam)) {
      throw new RangeError(`the rendering holds two IPv${fam} filters`);
    }
    byFamily.set(fam, acl);
  }
  const out: Verdict[] = flows.map(() => ({ permitted: false, term: null }));
  for (const [fam, acl] of byFamily) {
    const idx = flows.flatMap((f, i) => flowFamily(f) === fam ? [i] : []);
    const results = acl.checkAll(idx.map((i) => engineFlow(flows[i]!)));
    idx.forEach((i, k) => {
      const r = results[k]!;
      out[i] = { permitted: r.permitted, term: r.index === null ? null : policyTerm(acl, r.index) };
    });
  }
  return out;
}

/** Protocol names with their numbers, for the entries of IPv4 and of IPv6 lists. */
export interface ProtocolNumbers {
  v4: Readonly<Record<string, number>>;
  v6: Readonly<Record<string, number>>;
}

/**
 * The rendering with the protocol names of `names` written as their numbers
 * in `permit` / `deny` entries (of IPv4 lists: `ip` / `ipv4 access-list`; of
 * IPv6 lists: `ipv6 access-list`; ASA's `access-list NAME extended` lists
 * hold both families and take both), and the names replaced.
 */
export function numberProtocols(
  text: string,
  names: ProtocolNumbers,
): { text: string; replaced: Set<string> } {
  const both = { ...names.v4, ...names.v6 };
  let table: Readonly<Record<string, number>> = both;
  const replaced = new Set<string>();
  const lines = text.split("\n").map((line) => {
    const head = /^(ipv6|ipv4|ip) access-list\b/i.exec(line);
    if (head) {
      table = head[1]!.toLowerCase() === "ipv6" ? names.v6 : names.v4;
      return line;
    }
    const entry =
      /^(\s*(?:\d+\s+)?(?:access-list\s+\S+\s+extended\s+)?(?:permit|deny)\s+)([a-z][\w-]*)(?=\s)/i
        .exec(line);
    const n = entry ? table[entry[2]!.toLowerCase()] : undefined;
    if (entry === null || n === undefined) return line;
    replaced.add(entry[2]!.toLowerCase());
    return entry[1] + String(n) + line.slice(entry[0].length);
  });
  return { text: lines.join("\n"), replaced };
}
