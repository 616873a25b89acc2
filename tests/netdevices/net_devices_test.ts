import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import fc from "fast-check";
import { isTriggerError } from "../../lib/errors.ts";
import { DeviceLookupError, type NetDevice, NetDevices } from "../../lib/netdevices/mod.ts";

const RECORDS = [
  {
    nodeName: "core1.nyc.example.net",
    manufacturer: "JUNIPER",
    site: "NYC",
    owningTeam: "Backbone",
  },
  {
    nodeName: "core1.lon.example.net",
    manufacturer: "JUNIPER",
    site: "LON",
    owningTeam: "Backbone",
  },
  { nodeName: "core2.nyc.example.net", manufacturer: "CISCO SYSTEMS", site: "NYC2", rack: "A1" },
  { nodeName: "sw1.nyc.example.net", manufacturer: "ARISTA NETWORKS", site: "NYC" },
  { nodeName: "fw1.nyc.example.net", manufacturer: "NETSCREEN TECHNOLOGIES", site: "NYC" },
  { nodeName: "lab1:2201", manufacturer: "ARISTA NETWORKS", address: "127.0.0.1" },
  { nodeName: "lab1:2202", manufacturer: "ARISTA NETWORKS", address: "127.0.0.1" },
  {
    nodeName: "old1.nyc.example.net",
    manufacturer: "CISCO SYSTEMS",
    adminStatus: "NON-PRODUCTION",
  },
];
// two devices share the name "lab1": allowed here, so they are keyed by name and address
const nd = NetDevices.fromRecords(RECORDS, { allowDuplicateNames: true });
const names = (ds: NetDevice[]) => ds.map((d) => d.key);

Deno.test("NetDevices filters non-production devices unless asked", () => {
  strictEqual(nd.size, 7);
  strictEqual(nd.excluded, 1);
  ok(!nd.has("old1"));
  strictEqual(
    NetDevices.fromRecords(RECORDS, { includeNonProduction: true, allowDuplicateNames: true }).size,
    8,
  );
});

Deno.test("NetDevices.find(): key, nodeName, short name, dotted prefix; errors list candidates", () => {
  strictEqual(nd.find("CORE2.nyc.example.net").key, "core2.nyc.example.net");
  strictEqual(nd.find("core2").key, "core2.nyc.example.net");
  strictEqual(nd.find("core1.lon").key, "core1.lon.example.net");
  strictEqual(nd.find("lab1@127.0.0.1:2202").port, 2202);
  throws(() => nd.find("core1"), (e: unknown) => {
    ok(e instanceof DeviceLookupError && e.ambiguous);
    deepStrictEqual(e.candidates, ["core1.lon.example.net", "core1.nyc.example.net"]);
    ok(e.message.includes('"core1.lon.example.net", "core1.nyc.example.net"'));
    return true;
  });
  throws(() => nd.find("lab1"), (e: unknown) => e instanceof DeviceLookupError && e.ambiguous);
  throws(() => nd.find("cor"), (e: unknown) => {
    ok(isTriggerError(e, "DEVICE_NOT_FOUND"));
    ok(e instanceof DeviceLookupError && !e.ambiguous, "a 3-character prefix is not a name");
    ok(e.candidates.includes("core2.nyc.example.net"));
    return true;
  });
  throws(
    () => nd.find("cor3"),
    (e: unknown) =>
      e instanceof DeviceLookupError && e.message.includes("did you mean") &&
      e.candidates.some((c) => c.startsWith("core")),
  );
  throws(
    () => nd.find("zzzzzzzz"),
    (e: unknown) =>
      e instanceof DeviceLookupError && e.candidates.length === 0 &&
      !e.message.includes("did you mean"),
  );
});

Deno.test("NetDevices.match(): keys AND, values OR, case-insensitive substrings", () => {
  deepStrictEqual(names(nd.match({ site: "nyc" })), [
    "core1.nyc.example.net",
    "core2.nyc.example.net",
    "fw1.nyc.example.net",
    "sw1.nyc.example.net",
  ]);
  deepStrictEqual(names(nd.match({ site: "nyc" }, { exact: true })), [
    "core1.nyc.example.net",
    "fw1.nyc.example.net",
    "sw1.nyc.example.net",
  ]);
  deepStrictEqual(names(nd.match({ VENDOR: "juniper", DeviceType: "router" })), [
    "core1.lon.example.net",
    "core1.nyc.example.net",
  ]);
  deepStrictEqual(names(nd.match({ vendor: ["netscreen", "cisco"] })), [
    "core2.nyc.example.net",
    "fw1.nyc.example.net",
  ]);
  deepStrictEqual(names(nd.match({ vendor: "CISCO SYSTEMS" })), ["core2.nyc.example.net"]);
  deepStrictEqual(names(nd.match({ vendor: "cisco", site: "LON" })), []);
  deepStrictEqual(names(nd.match({ rack: null, site: "nyc" }, { exact: true })), [
    "core1.nyc.example.net",
    "fw1.nyc.example.net",
    "sw1.nyc.example.net",
  ]);
  deepStrictEqual(names(nd.match({ SITE: "none" })), [
    "lab1@127.0.0.1:2201",
    "lab1@127.0.0.1:2202",
  ]);
  deepStrictEqual(names(nd.match({ nodePort: 2201 })), ["lab1@127.0.0.1:2201"]);
  deepStrictEqual(names(nd.match({ platform: "juniper_screenos" })), ["fw1.nyc.example.net"]);
  deepStrictEqual(names(nd.search("backbone", "owningteam")), [
    "core1.lon.example.net",
    "core1.nyc.example.net",
  ]);
  deepStrictEqual(names(nd.search("lab1")), ["lab1@127.0.0.1:2201", "lab1@127.0.0.1:2202"]);
  strictEqual(nd.match({}).length, nd.size);
  throws(
    () => nd.match({ sitee: "nyc" }),
    (e: unknown) =>
      isTriggerError(e, "INVALID_ARGUMENT") && e.message.includes('did you mean "site"'),
  );
});

Deno.test("NetDevices lists and candidates", () => {
  deepStrictEqual(names(nd.listRouters()), [
    "core1.lon.example.net",
    "core1.nyc.example.net",
    "core2.nyc.example.net",
  ]);
  deepStrictEqual(names(nd.listSwitches()), [
    "lab1@127.0.0.1:2201",
    "lab1@127.0.0.1:2202",
    "sw1.nyc.example.net",
  ]);
  deepStrictEqual(names(nd.listFirewalls()), ["fw1.nyc.example.net"]);
  deepStrictEqual(names(nd.candidates("core")), [
    "core1.lon.example.net",
    "core1.nyc.example.net",
    "core2.nyc.example.net",
  ]);
  deepStrictEqual(names(nd.candidates("nyc", { limit: 2 })), [
    "fw1.nyc.example.net",
    "sw1.nyc.example.net",
  ]);
  deepStrictEqual(names(nd.candidates("sw1.nyc.example.net")), ["sw1.nyc.example.net"]);
  ok(nd.fieldNames().includes("rack"));
});

const SITES = ["NYC", "nyc2", "LON", "AMS", "Lab"];
const VENDORS = ["JUNIPER", "CISCO SYSTEMS", "ARISTA NETWORKS", "PALO ALTO NETWORKS", "Dell"];
const recordArb = fc.record({
  nodeName: fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/),
  site: fc.option(fc.constantFrom(...SITES), { nil: undefined }),
  manufacturer: fc.constantFrom(...VENDORS),
});

Deno.test("NetDevices.match() agrees with a linear scan (property)", () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(recordArb, { selector: (r) => r.nodeName, maxLength: 40 }),
      fc.subarray(["nyc", "LON", "ab", "none"], { minLength: 1 }),
      fc.subarray(["cisco", "juniper", "paloalto", "dell"]),
      fc.boolean(),
      (records, sites, vendors, exact) => {
        const inv = NetDevices.fromRecords(
          records.map((r) => r.site ? r : { ...r, site: undefined }),
        );
        const query = vendors.length ? { site: sites, vendor: vendors } : { site: sites };
        const got = names(inv.match(query, { exact }));
        const hit = (v: string | undefined, needle: string) => {
          if (needle === "none" && v === undefined) return true;
          if (v === undefined) return false;
          return exact
            ? v.toLowerCase() === needle.toLowerCase()
            : v.toLowerCase().includes(needle.toLowerCase());
        };
        const want = inv.all().filter((d) =>
          sites.some((s) => hit(d.site, s)) &&
          (vendors.length === 0 || vendors.some((v) => hit(d.vendor, v)))
        ).map((d) => d.key).sort();
        deepStrictEqual(got, want);
      },
    ),
    { numRuns: 200 },
  );
});

Deno.test("NetDevices.find() returns each device by key and by unique short name (property)", () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(recordArb, { selector: (r) => r.nodeName, maxLength: 30 }),
      (records) => {
        const inv = NetDevices.fromRecords(records);
        for (const d of inv) {
          strictEqual(inv.find(d.key), d);
          strictEqual(inv.find(d.shortName.toUpperCase()), d);
        }
      },
    ),
    { numRuns: 100 },
  );
});
