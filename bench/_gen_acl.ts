/**
 * Deterministic generators of large ACLs and flows for the ACL benchmarks.
 *
 * @module
 */
import type { Flow } from "../lib/acl/mod.ts";

/** A small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PORTS = [22, 25, 53, 80, 123, 161, 179, 443, 3306, 8080];
const WILD: [number, string][] = [[8, "0.255.255.255"], [16, "0.0.255.255"], [24, "0.0.0.255"], [
  28,
  "0.0.0.15",
]];

function ip(r: () => number, plen = 32): string {
  const v = (Math.floor(r() * 0xffffffff) & (plen === 0 ? 0 : (0xffffffff << (32 - plen)))) >>> 0;
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

function iosAddr(r: () => number): string {
  const x = r();
  if (x < 0.2) return "any";
  if (x < 0.5) return `host ${ip(r)}`;
  const [len, wild] = pick(r, WILD);
  return `${ip(r, len)} ${wild}`;
}

/**
 * A numbered IOS ACL of `lines` entries (the last one `deny ip any any`).
 *
 * @param lines How many lines.
 * @param seed PRNG seed.
 * @returns The text.
 */
export function iosText(lines: number, seed = 1): string {
  const r = rng(seed);
  const out: string[] = [];
  for (let i = 0; i < lines - 1; i++) {
    const action = r() < 0.8 ? "permit" : "deny";
    const x = r();
    let ace: string;
    if (x < 0.5) {
      const port = r() < 0.7
        ? ` eq ${pick(r, PORTS)}`
        : ` range 1024 ${1024 + Math.floor(r() * 60000)}`;
      ace = `tcp ${iosAddr(r)} ${iosAddr(r)}${port}${r() < 0.1 ? " established" : ""}`;
    } else if (x < 0.8) ace = `udp ${iosAddr(r)} ${iosAddr(r)} eq ${pick(r, PORTS)}`;
    else if (x < 0.9) {
      ace = `icmp ${iosAddr(r)} ${iosAddr(r)} ${pick(r, ["echo", "echo-reply", "unreachable"])}`;
    } else ace = `ip ${iosAddr(r)} ${iosAddr(r)}`;
    out.push(`access-list 150 ${action} ${ace}${r() < 0.05 ? " log" : ""}`);
  }
  out.push("access-list 150 deny ip any any");
  return out.join("\n") + "\n";
}

/**
 * A named IOS ACL of `terms` entries that mostly stand on their own, as a
 * large real rule base does: hosts and /24s of 10/8 (rarely `any`), so few
 * entries are shadowed; one in ten repeats the entry before it with the
 * sibling host, which the optimizer merges. The last entry is `deny ip any
 * any`.
 *
 * @param terms How many entries.
 * @param seed PRNG seed.
 * @returns The text.
 */
export function iosRulesText(terms: number, seed = 11): string {
  const r = rng(seed);
  const octet = () => Math.floor(r() * 256);
  const addr = () => {
    const x = r();
    if (x < 0.6) return `host 10.${octet()}.${octet()}.${octet()}`;
    if (x < 0.995) return `10.${octet()}.${octet()}.0 0.0.0.255`;
    return "any";
  };
  const out: string[] = ["ip access-list extended RULES"];
  for (let i = 0; i < terms - 1; i++) {
    const last = out[out.length - 1]!;
    const host = /host (\d+\.\d+\.\d+)\.(\d+)/.exec(last);
    if (host && r() < 0.1) {
      out.push(last.replace(host[0], `host ${host[1]}.${Number(host[2]) ^ 1}`));
      continue;
    }
    const action = r() < 0.85 ? "permit" : "deny";
    const x = r();
    const port = () => pick(r, PORTS);
    if (x < 0.6) out.push(` ${action} tcp ${addr()} ${addr()} eq ${port()}`);
    else if (x < 0.9) out.push(` ${action} udp ${addr()} ${addr()} eq ${port()}`);
    else out.push(` ${action} ip ${addr()} host 192.0.2.${octet()}`);
  }
  out.push(" deny ip any any");
  return out.join("\n") + "\n";
}

/**
 * A Junos filter of about `lines` lines (terms of 9 to 14 lines).
 *
 * @param lines How many lines, roughly.
 * @param seed PRNG seed.
 * @returns The text.
 */
export function junosText(lines: number, seed = 2): string {
  const r = rng(seed);
  const out: string[] = ["filter bench {"];
  let n = 0;
  while (out.length < lines - 2) {
    out.push(`    term t${n++} {`, "        from {");
    if (r() < 0.7) {
      out.push(
        "            source-address {",
        `                ${ip(r, pick(r, [8, 16, 24, 32]))}/${pick(r, [24])};`,
        "            }",
      );
    }
    out.push(
      "            destination-address {",
      `                ${ip(r, 24)}/24;`,
      `                ${ip(r)}/32;`,
      "            }",
    );
    const proto = pick(r, ["tcp", "udp", "[ tcp udp ]"]);
    out.push(`            protocol ${proto};`);
    out.push(`            destination-port [ ${pick(r, PORTS)} ${pick(r, PORTS)} 1024-2047 ];`);
    out.push("        }", `        then ${r() < 0.8 ? "accept" : "discard"};`, "    }");
  }
  out.push("}");
  return out.join("\n") + "\n";
}

/**
 * Random flows, some hitting generated terms.
 *
 * @param count How many.
 * @param seed PRNG seed.
 * @returns The flows.
 */
export function flows(count: number, seed = 3): Flow[] {
  const r = rng(seed);
  const out: Flow[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const proto = pick(r, ["tcp", "udp", "icmp"] as const);
    const f: Flow = { src: ip(r), dst: ip(r), protocol: proto };
    if (proto === "icmp") f.icmpType = pick(r, [0, 3, 8]);
    else {
      f.sport = 1024 + Math.floor(r() * 60000);
      f.dport = pick(r, PORTS);
    }
    out[i] = f;
  }
  return out;
}
