/**
 * One conformance case per platform: what a device of that platform shows
 * (sample prompts as real devices print them, the version text, a command
 * it rejects) and a harmless configuration line it accepts. The suites in
 * this folder run every case: the profile's prompt patterns against the
 * samples, and the profile against the lab's independently written emulator
 * (log in, paging off, version, running configuration, modes, configure and
 * commit, save, a rejected command). Adding a platform adds one entry here.
 *
 * @module
 */
import type { PlatformId } from "../../lib/platforms/mod.ts";

/** What the suites check for one platform. */
export interface ConformanceCase {
  /** The output of the profile's version command matches this. */
  version: RegExp;
  /** A command the platform rejects. */
  invalid: string;
  /** A configuration line it accepts, and the text the running configuration then shows. */
  config: [line: string, shows: RegExp];
  /** Prompts as devices print them: [line, mode] (null: must not be taken for a prompt). */
  prompts: [string, string | null][];
}

/** Every platform's case (the type makes a missing one a compile error). */
export const CASES: Record<PlatformId, ConformanceCase> = {
  "a10_acos": {
    version: /ACOS/,
    invalid: "show bogus",
    config: ["hostname conf-a10", /hostname conf-a10/],
    prompts: [
      ["AX3200-1>", "exec"],
      ["AX3200-1#", "privileged"],
      ["vThunder(NOLICENSE)>", "exec"],
      ["AX3200-1(config)#", "configuration"],
    ],
  },
  "arista_eos": {
    version: /Arista/,
    invalid: "show bogus",
    config: ["snmp-server location conformance", /snmp-server location conformance/],
    prompts: [
      ["leaf1>", "exec"],
      ["leaf1#", "privileged"],
      ["leaf1(config-s-sess1)#", "configuration"],
    ],
  },
  "aruba_aos": {
    version: /ArubaOS/,
    invalid: "show bogus",
    config: ["snmp-server location conformance", /snmp-server location conformance/],
    prompts: [
      ["(Aruba7010) >", "exec"],
      ["(Aruba7010) #", "privileged"],
      ["(Aruba7010) (config) #", "configuration"],
      ["(mm1) [mynode] #", "privileged"],
    ],
  },
  "avocent_acs": {
    version: /type: ACS6048[\s\S]*firmware version: 3\.6/,
    invalid: "show /bogus",
    config: ["set /ports/serial_ports/5 name=conf9-console status=enabled", /conf9-console/],
    prompts: [
      ["--:- / cli-> ", "cli"],
      ["--:+ serial_ports cli->", "cli"],
      ["type: ACS6048", null],
    ],
  },
  "brocade_adx": {
    version: /ServerIron|ADX/,
    invalid: "show bogus",
    config: ["snmp-server location conformance", /snmp-server location conformance/],
    prompts: [
      ["SSH@ADX1>", "exec"],
      ["SSH@ADX1#", "privileged"],
      ["SSH@ADX1(config)#", "configuration"],
    ],
  },
  "brocade_mlx": {
    version: /NetIron|MLX/,
    invalid: "show bogus",
    config: ["snmp-server location conformance", /snmp-server location conformance/],
    prompts: [
      ["telnet@MLX-1#", "privileged"],
      ["SSH@MLX-1(config-if-e10000-1/1)#", "configuration"],
    ],
  },
  "brocade_vdx": {
    version: /Network Operating System|VDX/,
    invalid: "show bogus",
    config: ["snmp-server location conformance", /snmp-server location conformance/],
    prompts: [["sw0#", "privileged"], ["sw0(config)#", "configuration"]],
  },
  "cisco_asa": {
    version: /Adaptive Security Appliance/,
    invalid: "show bogus",
    config: ["snmp-server location conformance", /snmp-server location conformance/],
    prompts: [
      ["fw1/pri/act>", "exec"],
      ["fw1/pri/act#", "privileged"],
      ["fw1/pri/act(config)#", "configuration"],
    ],
  },
  "cisco_ios": {
    version: /^Cisco IOS Software/,
    invalid: "show bogus",
    config: ["snmp-server location conformance", /snmp-server location conformance/],
    prompts: [
      ["router1>", "exec"],
      ["router1#", "privileged"],
      ["router1(config-if)#", "configuration"],
      ["% Invalid input", null],
    ],
  },
  "cisco_iosxr": {
    version: /IOS XR/,
    invalid: "show bogus",
    config: ["snmp-server location conformance", /snmp-server location conformance/],
    prompts: [
      ["RP/0/RP0/CPU0:xr1#", "privileged"],
      ["RP/0/RP0/CPU0:xr1(config)#", "configuration"],
    ],
  },
  "cisco_nxos": {
    version: /NX-OS/,
    invalid: "show bogus",
    config: ["snmp-server location conformance", /snmp-server location conformance/],
    prompts: [["nx-9k1#", "privileged"], ["nx-9k1(config)#", "configuration"]],
  },
  "citrix_netscaler": {
    version: /NetScaler/,
    invalid: "show bogus",
    config: ["add server conf9 10.9.9.9", /add server conf9 10\.9\.9\.9/],
    prompts: [["> ", "exec"], ["ns1> ", "exec"], [" Done", null]],
  },
  "cumulus_linux": {
    version: /DISTRIB_ID="Cumulus Linux"/,
    invalid: "net show bogus",
    config: [
      "net add interface swp9 alias conformance",
      /net add interface swp9 alias conformance/,
    ],
    prompts: [
      ["cumulus@leaf01:mgmt:~$ ", "shell"],
      ["cumulus@leaf01:~$", "shell"],
      ["root@spine-2:/etc/network# ", "shell"],
      ['net add/del commands since the last "net commit"', null],
    ],
  },
  "dell_powerconnect": {
    version: /Image|PowerConnect|Version/,
    invalid: "show bogus",
    config: ["snmp-server location conformance", /snmp-server location conformance/],
    prompts: [
      ["console>", "exec"],
      ["console#", "privileged"],
      ["console(config)#", "configuration"],
    ],
  },
  "f5_tmsh": {
    version: /Product\s+BIG-IP\n\s+Version\s+15\.1/,
    invalid: "show bogus",
    config: ["create ltm node /Common/conf9 address 10.9.9.9", /ltm node \/Common\/conf9/],
    prompts: [
      ["admin@(bigip1)(cfg-sync Standalone)(Active)(/Common)(tmos)# ", "tmos"],
      ["root@(lb-01)(cfg-sync In Sync)(Standby)(/Common)(tmos)#", "tmos"],
      ["[admin@bigip1:Active:Standalone] ~ # ", null],
    ],
  },
  "force10_ftos": {
    version: /Force10 Application Software Version: 8\.3/,
    invalid: "show bogus",
    config: ["snmp-server location conformance", /snmp-server location conformance/],
    prompts: [
      ["S4810-1>", "exec"],
      ["S4810-1#", "privileged"],
      ["S4810-1(conf)#", "configuration"],
      ["S4810-1(conf-if-te-0/1)#", "configuration"],
      ['% Error: Invalid input at "^" marker.', null],
    ],
  },
  "foundry_fastiron": {
    version: /FastIron|ICX|Foundry/,
    invalid: "show bogus",
    config: ["snmp-server location conformance", /snmp-server location conformance/],
    prompts: [["SSH@ICX7450>", "exec"], ["SSH@ICX7450#", "privileged"]],
  },
  "juniper_junos": {
    version: /^Hostname: /,
    invalid: "show bogus",
    config: ["set system location building conformance", /building conformance/],
    prompts: [
      ["netops@mx1> ", "exec"],
      ["netops@mx1# ", "configuration"],
      ["{master:0}", null],
    ],
  },
  "juniper_screenos": {
    version: /Product Name|ScreenOS|Serial/,
    invalid: "get bogus",
    config: ['set address "Trust" "conf9" 10.9.9.9 255.255.255.255', /"conf9"/],
    prompts: [["ssg5-> ", "exec"], ["fw1(M)-> ", "exec"]],
  },
  "mrv_lx": {
    version: /LinuxITo Version 5\.3/,
    invalid: "show bogus",
    config: ["snmp contact conformance", /snmp contact conformance/],
    prompts: [
      ["InReach:0 >", "exec"],
      ["lx-con1:0 >>", "privileged"],
      ["Config:0 >>", "configuration"],
      ["Async 5-5:0 >>", "configuration"],
    ],
  },
  "paloalto_panos": {
    version: /sw-version: 10\.1/,
    invalid: "show bogus",
    config: ["set address conf9 ip-netmask 10.9.9.9/32", /set address conf9 ip-netmask/],
    prompts: [
      ["admin@PA-3220> ", "exec"],
      ["admin@PA-3220# ", "configuration"],
      ["admin@PA-VM(active)> ", "exec"],
      ["[edit]", null],
    ],
  },
  "pica8_picos": {
    version: /L2\/L3 Version\/Revision\s+: 2\.11/,
    invalid: "show bogus",
    config: [
      'set interface gigabit-ethernet te-1/1/9 description "conformance"',
      /te-1\/1\/9 description "conformance"/,
    ],
    prompts: [["admin@XorPlus> ", "exec"], ["admin@XorPlus# ", "configuration"], [
      "--More--",
      null,
    ]],
  },
};
