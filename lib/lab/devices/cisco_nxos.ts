/**
 * Cisco NX-OS 9.3 on a Nexus 9300, as an emulated lab device. Admin users
 * land directly at `#` (no enable).
 *
 * @module
 */
import type { LabPlatform } from "../profile.ts";
import { configSessionCommands, iosBaseCommands, iosModes, shows } from "./_ioslike.ts";

const SHOW_VERSION = `Cisco Nexus Operating System (NX-OS) Software
TAC support: http://www.cisco.com/tac
Copyright (C) 2002-2022, Cisco and/or its affiliates.
All rights reserved.
The copyrights to certain works contained in this software are
owned by other third parties and used and distributed under their own
licenses, such as open source.  This software is provided "as is," and unless
otherwise stated, there is no warranty, express or implied, including but not
limited to warranties of merchantability and fitness for a particular purpose.

Software
  BIOS: version 05.45
 NXOS: version 9.3(10)
  BIOS compile time:  07/05/2021
  NXOS image file is: bootflash:///nxos.9.3.10.bin
  NXOS compile time:  6/30/2022 5:00:00 [07/01/2022 06:44:59]

Hardware
  cisco Nexus9000 C93180YC-FX Chassis
  Intel(R) Xeon(R) CPU  D-1528 @ 1.90GHz with 24569356 kB of memory.
  Processor Board ID {{serial}}

  Device name: {{hostname}}
  bootflash:  115805708 kB
Kernel uptime is {{uptime}}

Last reset at 123456 usecs after Mon Jan  8 09:12:44 2024
  Reason: Reset Requested by CLI command reload
  System version: 9.3(10)
  Service:

plugin
  Core Plugin, Ethernet Plugin

Active Package(s):

`;

/** Cisco NX-OS. */
export const CISCO_NXOS: LabPlatform = {
  id: "cisco_nxos",
  inventory: {
    manufacturer: "CISCO SYSTEMS",
    vendor: "cisco",
    deviceType: "SWITCH",
    make: "Nexus 9300",
    model: "N9K-C93180YC-FX",
    operatingSystem: "NX-OS",
  },
  sshIdent: "OpenSSH_7.3",
  banner: "Cisco Nexus Operating System (NX-OS) Software\n",
  motd: "",
  telnetLogin: { username: "login: ", password: "Password: ", failed: "Login incorrect\n" },
  initialMode: "enable",
  modes: iosModes(),
  commands: [
    ...iosBaseCommands({
      paging: ["terminal length 0"],
      subModeWords: ["interface", "router", "vlan", "ip access-list"],
      copyStartup: { output: "[########################################] 100%\nCopy complete.\n" },
    }),
    ...configSessionCommands(),
    ...shows({
      "show version": SHOW_VERSION,
      "show clock":
        "{{hh}}:{{mi}}:{{ss}}.{{ms}} UTC {{dow}} {{mon}} {{dd}} {{year}}\nTime source is NTP\n",
      "show interface": `Ethernet1/1 is up
admin state is up, Dedicated Interface
  Hardware: 100/1000/10000/25000 Ethernet, address: 00de.fb{{mac0}}.0001
  Description: server-1
  MTU 9216 bytes, BW 25000000 Kbit, DLY 10 usec
  reliability 255/255, txload 1/255, rxload 1/255
  Encapsulation ARPA, medium is broadcast
  full-duplex, 25 Gb/s, media type is 25G
Ethernet1/2 is down (SFP not inserted)
admin state is up, Dedicated Interface
  Hardware: 100/1000/10000/25000 Ethernet, address: 00de.fb{{mac0}}.0002
  MTU 1500 bytes, BW 25000000 Kbit, DLY 10 usec
`,
      "show ip route": `IP Route Table for VRF "default"
'*' denotes best ucast next-hop
'**' denotes best mcast next-hop
'[x/y]' denotes [preference/metric]
'%<string>' in via output denotes VRF <string>

0.0.0.0/0, ubest/mbest: 1/0
    *via 10.{{octet}}.0.2, [1/0], 3d04h, static
10.{{octet}}.0.0/30, ubest/mbest: 1/0, attached
    *via 10.{{octet}}.0.1, Vlan100, [0/0], 3d04h, direct
10.{{octet}}.0.1/32, ubest/mbest: 1/0, attached
    *via 10.{{octet}}.0.1, Vlan100, [0/0], 3d04h, local
`,
    }),
  ],
  errors: {
    invalid: "{{caret}}\n% Invalid command at '^' marker.\n\n",
    incomplete: "% Incomplete command at '^' marker.\n\n",
    ambiguous: "% Ambiguous command at '^' marker.\n\n",
    caretIncludesPrompt: true,
  },
  pager: { prompt: "--More--", erase: "\r        \r" },
  noMorePipes: ["no-more"],
  runningConfig: `
!Command: show running-config
!Running configuration last done at: Mon Jan  8 09:15:02 2024
!Time: {{dow}} {{mon}} {{dd}} {{hh}}:{{mi}}:{{ss}} {{year}}

version 9.3(10) Bios:version 05.45
hostname {{hostname}}
feature ospf
feature interface-vlan

username {{username}} password 5 $5$lab$xyz role network-admin
ip domain-lookup
vlan 1,100,200

interface Vlan100
  no shutdown
  ip address 10.{{octet}}.0.1/30

interface Ethernet1/1
  description server-1
  switchport access vlan 200

interface Ethernet1/2

{{extra}}ip route 0.0.0.0/0 10.{{octet}}.0.2
line console
line vty
`,
};
