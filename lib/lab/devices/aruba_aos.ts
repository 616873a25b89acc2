/**
 * Aruba ArubaOS 8.10 on a 7010 mobility controller, as an emulated lab device.
 *
 * @module
 */
import type { LabPlatform } from "../profile.ts";
import { IOS_ERRORS, iosBaseCommands, iosModes, shows } from "./_ioslike.ts";

/** Aruba ArubaOS. */
export const ARUBA_AOS: LabPlatform = {
  id: "aruba_aos",
  inventory: {
    manufacturer: "ARUBA NETWORKS",
    vendor: "aruba",
    deviceType: "SWITCH",
    make: "Mobility Controller",
    model: "Aruba7010",
    operatingSystem: "ArubaOS",
  },
  sshIdent: "OpenSSH_8.0",
  banner: "",
  motd: "\n",
  telnetLogin: { username: "User: ", password: "Password:", failed: "\nLogin incorrect\n" },
  initialMode: "exec",
  modes: iosModes({
    exec: "({{hostname}}) >",
    enable: "({{hostname}}) #",
    config: "({{hostname}}) (config) #",
    sub: "({{hostname}}) (config-subif)#",
  }),
  commands: [
    ...iosBaseCommands({
      paging: ["no paging"],
      pagingOn: ["paging"],
      subModeWords: ["interface", "vlan"],
    }),
    ...shows({
      "show version": `Aruba Operating System Software.
ArubaOS (MODEL: Aruba7010), Version 8.10.0.7
Website: http://www.arubanetworks.com
(c) Copyright 2023 Hewlett Packard Enterprise Development LP.
Compiled on 2023-06-21 at 22:34:27 UTC (build 87581) by jenkins

ROM: System Bootstrap, Version CPBoot 1.2.4.0 (build 74543)
Built: 2021-01-06 12:11:24
Built by: jenkins@pr-hpn-build12

Switch uptime is {{uptime}}
Reboot Cause: User reboot (Intent:cause:register 78:86:50:2)
Supervisor Card
Processor (XLP208 Rev B2 (Secure Boot) , 1000 MHz) with 4054M bytes of memory.
32K bytes of non-volatile configuration memory.
7.2G bytes of Supervisor Card system flash.
`,
      "show clock": "{{year}}-{{monNum}}-{{dd}} {{hh}}:{{mi}}:{{ss}} UTC\n",
      "show interface": `GE 0/0/0 is up, line protocol is up
Hardware is Gigabit Ethernet, address is 20:4c:03:{{octet}}:00:01
Description: GE0/0/0
Encapsulation ARPA, loopback not set
Configured: Duplex ( AUTO ), speed ( AUTO )
Negotiated: Duplex (Full), speed (1000 Mbps)
MTU 1500 bytes, BW is 1000 Mbit
`,
      "show ip route": `Codes: C - connected, O - OSPF, R - RIP, S - static
       M - mgmt, U - route usable, * - candidate default, V - RAPNG VPN

Gateway of last resort is 10.{{octet}}.0.2 to network 0.0.0.0 at cost 1
S*    0.0.0.0/0  [1/0] via 10.{{octet}}.0.2*
C    10.{{octet}}.0.0/30 is directly connected, VLAN1
`,
    }),
  ],
  errors: IOS_ERRORS,
  pager: {
    prompt: "--More-- (q) quit (u) pageup (/) search (n) repeat",
    erase: "\r" + " ".repeat(52) + "\r",
  },
  runningConfig: `Building Configuration...
version 8.10
hostname "{{hostname}}"
clock timezone UTC 0
interface gigabitethernet 0/0/0
    description "GE0/0/0"
    trusted
    trusted vlan 1-4094
!
interface vlan 1
    ip address 10.{{octet}}.0.1 255.255.255.252
!
{{extra}}ip default-gateway 10.{{octet}}.0.2
mgmt-user {{username}} root ********
end
`,
};
