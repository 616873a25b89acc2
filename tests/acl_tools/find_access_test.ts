/** findAccess: overlap and containment of networks, protocols and ports. */
import { deepStrictEqual, throws } from "node:assert/strict";
import { parse } from "../../lib/acl/mod.ts";
import { findAccess, optimize } from "../../lib/acl/tools/mod.ts";

const JUNOS = `filter f {
    term web { from { destination-address { 192.0.2.0/24; } protocol tcp; destination-port [ 80 443 ]; } then accept; }
    term hosts { from { source-address { 10.0.0.0/8; 10.1.0.0/16 except; } } then accept; }
    term either { from { address { 198.51.100.7/32; } port 53; } then accept; }
    term plist { from { source-prefix-list { MGMT; } } then accept; }
    inactive: term off { then accept; }
    term last { then discard; }
}
`;

const lines = (q: Parameters<typeof findAccess>[1], exact = false) => {
  using acl = parse(JUNOS);
  return findAccess(acl, q, { exact }).map((f) => f.term);
};

Deno.test("findAccess: networks overlap either way, except entries honoured", () => {
  deepStrictEqual(lines({ sources: ["10.2.0.0/16"] }), ["web", "hosts", "either", "plist", "last"]);
  deepStrictEqual(lines({ sources: ["10.1.2.0/24"] }), ["web", "either", "plist", "last"]);
  deepStrictEqual(lines({ sources: ["0.0.0.0/0"] }, true), ["web", "last"]);
  deepStrictEqual(lines({ destinations: ["192.0.2.10"] }, true), ["web", "hosts", "last"]);
  deepStrictEqual(lines({ destinations: ["192.0.2.0/23"] }, true), ["hosts", "last"]);
});

Deno.test("findAccess: ports and either-side conditions", () => {
  deepStrictEqual(lines({ destinationPorts: [[443, 443]] }), [
    "web",
    "hosts",
    "either",
    "plist",
    "last",
  ]);
  deepStrictEqual(lines({ destinationPorts: [[22, 22]], sourcePorts: [[22, 22]] }), [
    "hosts",
    "plist",
    "last",
  ]);
  deepStrictEqual(lines({ sources: ["198.51.100.7"], destinationPorts: [[53, 53]] }, true), [
    "either",
    "last",
  ]);
  deepStrictEqual(lines({ protocols: [[17, 17]], destinations: ["192.0.2.0/24"] }), [
    "hosts",
    "either",
    "plist",
    "last",
  ]);
});

Deno.test("findAccess: skip any source / destination, bad queries", () => {
  using acl = parse(JUNOS);
  deepStrictEqual(
    findAccess(acl, { sources: ["10.0.0.0/8"] }, { skipAnySource: true }).map((f) => f.term),
    ["hosts", "either"],
  );
  deepStrictEqual(
    findAccess(acl, { sources: ["10.0.0.0/8"] }, { skipAnyDestination: true }).map((f) => f.term),
    ["web", "either"],
  );
  throws(() => findAccess(acl, { sources: ["10.0.0.300"] }), RangeError);
  throws(() => findAccess(acl, { destinationPorts: [[90, 80]] }), RangeError);
});

Deno.test("optimizer (Trigger §3.14): Junos terms differing only in a source host merge", () => {
  using acl = parse(`filter f {
    term a { from { source-address { 10.0.0.1/32; } protocol tcp; destination-port 22; } then accept; }
    term b { from { source-address { 10.0.0.9/32; } protocol tcp; destination-port 22; } then accept; }
}
`);
  const { acl: out, report } = optimize(acl);
  using o = out;
  deepStrictEqual(o.terms.map((t) => t.name), ["a"]);
  deepStrictEqual(o.terms[0]!.conditions[0]!.values, [{ prefix: "10.0.0.1/32" }, {
    prefix: "10.0.0.9/32",
  }]);
  deepStrictEqual(report.merged.map((m) => m.terms.map((t) => t.term)), [["a", "b"]]);
});
