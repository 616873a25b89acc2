/**
 * Juniper (NetScreen) ScreenOS 6.3 on an SSG 550M firewall, as an emulated
 * lab device: one `->` mode, `get`/`set`/`unset` commands.
 *
 * @module
 */
import type { LabCommand, LabPlatform } from "../profile.ts";

const M = ["exec"];
const get = (words: string, output: string): LabCommand => ({ words, modes: M, output });
const conf = (words: string): LabCommand => ({
  words,
  modes: M,
  action: "configLine",
  args: true,
  argsRequired: true,
});

/** Juniper ScreenOS. */
export const JUNIPER_SCREENOS: LabPlatform = {
  id: "juniper_screenos",
  inventory: {
    manufacturer: "NETSCREEN TECHNOLOGIES",
    vendor: "netscreen",
    deviceType: "FIREWALL",
    make: "netscreen",
    model: "SSG-550M",
    operatingSystem: "ScreenOS",
  },
  sshIdent: "OpenSSH_4.6",
  banner: "",
  motd: "",
  telnetLogin: { username: "login: ", password: "password: ", failed: "### Login failed\n" },
  initialMode: "exec",
  modes: [{ name: "exec", prompt: "{{hostname}}-> " }],
  commands: [
    { words: "set console page", modes: M, action: "pagingOff", args: true, argsRequired: true },
    get(
      "get system",
      `Product Name: SSG-550M
Serial Number: {{serial}}, Control Number: 00000000
Hardware Version: 0710(0)-(00), FPGA checksum: 00000000, VLAN1 IP (0.0.0.0)
Flash Type: Samsung
Software Version: 6.3.0r27.0, Type: Firewall+VPN
Feature: AV-K
BOOT Loader Version: 1.3.2
Compiled by build_master at: Fri Feb 15 14:14:59 PST 2019
Base Mac: 0010.db{{mac0}}.0000
File Name: ssg500.6.3.0r27.0, Checksum: 7e1d0c6b
, Total: 1024 Mbytes

Date {{monNum}}/{{dd}}/{{year}} {{hh}}:{{mi}}:{{ss}}, Daylight Saving Time disabled
Up {{uptime}}
System in NAT/route mode.

Use interface IP, Config Port: 443
Manager IP enabled: not set
Manager IPs: 0

User Name: {{username}}

Interface ethernet0/0:
  number 0, if_info 88, if_index 0, mode nat
  link up, phy-link up/full-duplex
  vsys Root, zone Untrust, vr trust-vr
  dhcp client disabled
  PPPoE disabled
  *ip 198.51.100.{{octet}}/24   mac 0010.db{{mac0}}.0001
  *manage ip 198.51.100.{{octet}}, mac 0010.db{{mac0}}.0001
  route-deny disable
  bandwidth: physical 1000000kbps, configured egress [gbw 0kbps mbw 0kbps]
Interface ethernet0/1:
  number 1, if_info 176, if_index 0, mode nat
  link up, phy-link up/full-duplex
  vsys Root, zone Trust, vr trust-vr
  *ip 10.{{octet}}.1.1/24   mac 0010.db{{mac0}}.0002
`,
    ),
    get(
      "get clock",
      `Date {{monNum}}/{{dd}}/{{year}} {{hh}}:{{mi}}:{{ss}}, Timezone +00:00
Up {{uptime}}
Total days up: 3
Daylight Saving Time disabled
Ntp State: Not Set
`,
    ),
    { words: "get config", modes: M, action: "showRunning" },
    get(
      "get interface",
      `
A - Active, I - Inactive, U - Up, D - Down, R - Ready

Interfaces in vsys Root:
Name           IP Address                      Zone        MAC            VLAN State VSD
eth0/0         198.51.100.{{octet}}/24        Untrust     0010.db{{mac0}}.0001    -   U   -
eth0/1         10.{{octet}}.1.1/24                 Trust       0010.db{{mac0}}.0002    -   U   -
eth0/2         0.0.0.0/0                       Null        0010.db{{mac0}}.0003    -   D   -
vlan1          0.0.0.0/0                       VLAN        0010.db{{mac0}}.000f    1   D   -
null           0.0.0.0/0                       Null        N/A               -   U   0
`,
    ),
    get(
      "get route",
      `

IPv4 Dest-Routes for <untrust-vr> (0 entries)
--------------------------------------------------------------------------------------
H: Host C: Connected S: Static A: Auto-Exported
I: Imported R: RIP P: Permanent D: Auto-Discovered
N: NHRP
iB: IBGP eB: EBGP O: OSPF E1: OSPF external type 1
E2: OSPF external type 2 trust-vr: <trust-vr>


IPv4 Dest-Routes for <trust-vr> (4 entries)
--------------------------------------------------------------------------------------
         ID          IP-Prefix      Interface         Gateway   P Pref    Mtr     Vsys
--------------------------------------------------------------------------------------
*         3          0.0.0.0/0         eth0/0  198.51.100.254   S   20      1     Root
*         1   198.51.100.0/24         eth0/0         0.0.0.0   C    0      0     Root
*         4       10.{{octet}}.1.0/24         eth0/1         0.0.0.0   C    0      0     Root
`,
    ),
    conf("set"),
    conf("unset"),
    { words: "save", modes: M, args: true },
    { words: "exit", modes: M, action: "logout" },
  ],
  errors: {
    invalid: "{{caret}}-------unknown keyword {{token}}\n",
    incomplete: "                  ^-----incomplete command\n",
    ambiguous: "{{command}}: ambiguous keyword\n",
    caretIncludesPrompt: true,
  },
  pager: { prompt: "--- more --- ", erase: "\r             \r" },
  runningConfig: `set clock timezone 0
set vrouter trust-vr sharable
set vrouter "untrust-vr"
exit
set vrouter "trust-vr"
unset auto-route-export
exit
set auth-server "Local" id 0
set auth-server "Local" server-name "Local"
set admin name "{{username}}"
set admin password "nKVUM2rwMUzPcrkG5sWIHdCtqkAibn"
set zone "Trust" vrouter "trust-vr"
set zone "Untrust" vrouter "trust-vr"
set interface "ethernet0/0" zone "Untrust"
set interface "ethernet0/1" zone "Trust"
set interface ethernet0/0 ip 198.51.100.{{octet}}/24
set interface ethernet0/0 route
set interface ethernet0/1 ip 10.{{octet}}.1.1/24
set interface ethernet0/1 nat
set hostname {{hostname}}
set address "Trust" "web1" 10.{{octet}}.1.10 255.255.255.255
set policy id 1 from "Untrust" to "Trust"  "Any" "web1" "HTTP" permit log
set policy id 1
exit
{{extra}}set route 0.0.0.0/0 interface ethernet0/0 gateway 198.51.100.254
`,
};
