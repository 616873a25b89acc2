import { deepStrictEqual } from "node:assert/strict";
import { parseIosInterfaces, parseJunosInterfaces } from "../../lib/commando/net_acl_info.ts";

Deno.test("parseIosInterfaces: secondary and /len addresses, both directions, blocks end at ! or top level", () => {
  const cfg = [
    "hostname r1",
    "interface Vlan10",
    " description servers : rack 4",
    " ip address 10.0.10.1 255.255.255.0",
    " ip address 10.0.11.1 255.255.255.128 secondary",
    " ip access-group IN-10 in",
    " ip access-group OUT-10 out",
    "!",
    "interface ve 20",
    " ip address 172.16.0.1/31",
    "interface Null0",
    " no ip unreachables",
    "ip access-list extended IN-10",
    " ip address 9.9.9.9 255.255.255.255",
  ].join("\n");
  deepStrictEqual(parseIosInterfaces(cfg), [
    {
      name: "Vlan10",
      addresses: ["10.0.10.1", "10.0.11.1"],
      subnets: ["10.0.10.0/24", "10.0.11.0/25"],
      aclIn: ["IN-10"],
      aclOut: ["OUT-10"],
      description: "servers : rack 4",
    },
    {
      name: "ve 20",
      addresses: ["172.16.0.1"],
      subnets: ["172.16.0.0/31"],
      aclIn: [],
      aclOut: [],
      description: "",
    },
    { name: "Null0", addresses: [], subnets: [], aclIn: [], aclOut: [], description: "" },
  ]);
});

Deno.test("parseJunosInterfaces: bare interfaces hierarchy, input-list/output, unit descriptions, no inet", () => {
  const cfg = `ge-0/0/0 {
    description "wan";
    unit 0 {
        family inet {
            filter {
                input-list [ f1 f2 ];
                output out-f;
            }
            address 198.51.100.2/30;
            address 198.51.100.9/29;
        }
    }
    unit 5 {
        description "mgmt";
        family inet {
            address 192.0.2.1/24;
        }
    }
}
ge-0/0/1 {
    unit 0 {
        family ethernet-switching;
    }
}`;
  deepStrictEqual(parseJunosInterfaces(cfg), [
    {
      name: "ge-0/0/0.0",
      addresses: ["198.51.100.2", "198.51.100.9"],
      subnets: ["198.51.100.0/30", "198.51.100.8/29"],
      aclIn: ["f1", "f2"],
      aclOut: ["out-f"],
      description: "wan",
    },
    {
      name: "ge-0/0/0.5",
      addresses: ["192.0.2.1"],
      subnets: ["192.0.2.0/24"],
      aclIn: [],
      aclOut: [],
      description: "mgmt",
    },
  ]);
});

Deno.test("parseJunosInterfaces ignores other hierarchies of a whole configuration", () => {
  const cfg = "system {\n    host-name r1;\n}\ninterfaces {\n    lo0 {\n        unit 0 {\n" +
    "            family inet {\n                address 10.255.0.1/32;\n            }\n        }\n    }\n}\n" +
    "firewall {\n    filter x {\n        term a {\n            then accept;\n        }\n    }\n}\n";
  deepStrictEqual(parseJunosInterfaces(cfg).map((i) => [i.name, i.subnets]), [["lo0.0", [
    "10.255.0.1/32",
  ]]]);
});
