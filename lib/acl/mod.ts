/**
 * The ACL engine: parse IOS and Junos ACLs, write them in Junos, IOS (numbered
 * and named), IOS-XR, Brocade and EOS formats, and check flows against them.
 * The parser, emitters and checker are Rust compiled to WebAssembly
 * (`acl-wasm/`), embedded so that no file is read at run time.
 *
 * @example Convert and check
 * ```ts
 * import { convert, parse } from "@trigger/trigger/acl";
 * import { ok, strictEqual } from "node:assert/strict";
 *
 * const text = "ip access-list extended EDGE\n permit tcp any host 192.0.2.10 eq 443\n deny ip any any\n";
 * ok(convert(text, "iosxr").includes(" 10 permit tcp any host 192.0.2.10 eq 443"));
 * using acl = parse(text);
 * strictEqual(acl.check({ src: "203.0.113.5", dst: "192.0.2.10", protocol: "tcp", dport: 443 }).permitted, true);
 * ```
 *
 * @module
 */
export {
  Acl,
  type BatchResult,
  type CheckResult,
  convert,
  type ConvertOptions,
  type FlowField,
  type OutputOptions,
  parse,
  parseAll,
  type ParseOptions,
} from "./acl.ts";
export { AclSyntaxError, AclUnsupportedError } from "./errors.ts";
export { convertChunks, type ConvertChunksOptions } from "./convert_chunks.ts";
export type { InputFill } from "./types.ts";
export { encodeFlow, type Flow, FLOW_SIZE, FlowBatch, type FlowFragment } from "./flow.ts";
export * from "./ir.ts";
export {
  type AclComparison,
  type AclDifference,
  type AclInput,
  type AclText,
  type AnalysisOptions,
  checkRegion,
  compareAcls,
  type Decision,
  type ExamplePacket,
  type HeaderBox,
  type NamedComparison,
  namedComparison,
  type NamedDecision,
  namedDecision,
  type NamedDifference,
  type Region,
  type RegionCheck,
  type RegionPart,
  type RegionQuery,
  type UnreachableTerm,
  unreachableTerms,
} from "./header_space.ts";
