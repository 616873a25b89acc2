/**
 * Cisco ASA 9.16 on an ASA 5516-X firewall, as an emulated lab device.
 *
 * @module
 */
import type { LabPlatform } from "../profile.ts";
import { iosBaseCommands, iosModes, shows } from "./_ioslike.ts";

/** Cisco ASA. */
export const CISCO_ASA: LabPlatform = {
  id: "cisco_asa",
  inventory: {
    manufacturer: "CISCO SYSTEMS",
    vendor: "cisco",
    deviceType: "FIREWALL",
    make: "ASA 5500-X",
    model: "ASA5516-X",
    operatingSystem: "ASA",
  },
  sshIdent: "Cisco-1.25",
  banner: "",
  motd: "Type help or '?' for a list of available commands.\n",
  telnetLogin: {
    username: "\nUser Access Verification\n\nUsername: ",
    password: "Password: ",
    failed: "Login invalid\n",
  },
  initialMode: "exec",
  modes: iosModes(),
  enableFailed: "Invalid password\n",
  commands: [
    ...iosBaseCommands({
      paging: ["terminal pager 0"],
      subModeWords: ["interface", "object", "object-group"],
    }),
    { words: "terminal pager", modes: ["exec", "enable"], args: true, argsRequired: true },
    ...shows({
      "show version": `
Cisco Adaptive Security Appliance Software Version 9.16(4)
SSP Operating System Version 2.10(1.1)
Device Manager Version 7.18(1)

Compiled on Thu 03-Nov-22 18:52 GMT by builders
System image file is "disk0:/asa9-16-4-lfbff-k8.SPA"
Config file at boot was "startup-config"

{{hostname}} up {{uptime}}

Hardware:   ASA5516, 8192 MB RAM, CPU Atom C2000 series 2416 MHz, 1 CPU (8 cores)
Internal ATA Compact Flash, 8192MB
BIOS Flash M25P64 @ 0xfed01000, 16384KB

Encryption hardware device : Cisco ASA Crypto on-board accelerator (revision 0x1)

 0: Int: Internal-Data0/0    : address is 00a7.42{{mac0}}.0001, irq 11
 1: Ext: GigabitEthernet1/1  : address is 00a7.42{{mac0}}.0002, irq 255
 2: Ext: GigabitEthernet1/2  : address is 00a7.42{{mac0}}.0003, irq 255

Licensed features for this platform:
Maximum Physical Interfaces       : Unlimited      perpetual
Maximum VLANs                     : 150            perpetual
Inside Hosts                      : Unlimited      perpetual
Failover                          : Active/Active  perpetual
Encryption-DES                    : Enabled        perpetual
Encryption-3DES-AES               : Enabled        perpetual
Security Contexts                 : 2              perpetual

Serial Number: {{serial}}
Configuration register is 0x1
Configuration last modified by {{username}} at 09:15:02.123 UTC Mon Jan 8 2024
`,
      "show clock": "{{hh}}:{{mi}}:{{ss}}.{{ms}} UTC {{dow}} {{mon}} {{day}} {{year}}\n",
      "show interface": `Interface GigabitEthernet1/1 "outside", is up, line protocol is up
  Hardware is Accelerator rev01, BW 1000 Mbps, DLY 10 usec
        Auto-Duplex(Full-duplex), Auto-Speed(1000 Mbps)
        MAC address 00a7.42{{mac0}}.0002, MTU 1500
        IP address 198.51.100.{{octet}}, subnet mask 255.255.255.0
Interface GigabitEthernet1/2 "inside", is up, line protocol is up
  Hardware is Accelerator rev01, BW 1000 Mbps, DLY 10 usec
        MAC address 00a7.42{{mac0}}.0003, MTU 1500
        IP address 10.{{octet}}.1.1, subnet mask 255.255.255.0
`,
      "show route": `Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP
       O - OSPF, IA - OSPF inter area, * - candidate default

Gateway of last resort is 198.51.100.254 to network 0.0.0.0

S*       0.0.0.0 0.0.0.0 [1/0] via 198.51.100.254, outside
C        10.{{octet}}.1.0 255.255.255.0 is directly connected, inside
L        10.{{octet}}.1.1 255.255.255.255 is directly connected, inside
C        198.51.100.0 255.255.255.0 is directly connected, outside
`,
    }),
  ],
  errors: {
    invalid: "{{caret}}\nERROR: % Invalid input detected at '^' marker.\n",
    incomplete: "ERROR: % Incomplete command\n",
    ambiguous: 'ERROR: % Ambiguous command:  "{{command}}"\n',
    caretIncludesPrompt: true,
  },
  pager: { prompt: "<--- More --->", erase: "\r              \r" },
  runningConfig: `: Saved

:
: Serial Number: {{serial}}
: Hardware:   ASA5516, 8192 MB RAM, CPU Atom C2000 series 2416 MHz, 1 CPU (8 cores)
:
ASA Version 9.16(4)
!
hostname {{hostname}}
enable password ***** pbkdf2
names
!
interface GigabitEthernet1/1
 nameif outside
 security-level 0
 ip address 198.51.100.{{octet}} 255.255.255.0
!
interface GigabitEthernet1/2
 nameif inside
 security-level 100
 ip address 10.{{octet}}.1.1 255.255.255.0
!
object network web
 host 10.{{octet}}.1.10
access-list outside_in extended permit tcp any object web eq https
access-list outside_in extended deny ip any any log
!
{{extra}}access-group outside_in in interface outside
route outside 0.0.0.0 0.0.0.0 198.51.100.254 1
username {{username}} password ***** pbkdf2 privilege 15
ssh 0.0.0.0 0.0.0.0 inside
: end
`,
};
