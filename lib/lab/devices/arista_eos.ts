/**
 * Arista EOS 4.28 on a 7050SX3 switch, as an emulated lab device.
 *
 * @module
 */
import type { LabPlatform } from "../profile.ts";
import { configSessionCommands, IOS_PAGER, iosBaseCommands, iosModes, shows } from "./_ioslike.ts";

const SHOW_VERSION = `Arista DCS-7050SX3-48YC8-R
Hardware version: 11.02
Serial number: {{serial}}
Hardware MAC address: 2899.3a{{mac0}}.0001
System MAC address: 2899.3a{{mac0}}.0001

Software image version: 4.28.3M
Architecture: x86_64
Internal build version: 4.28.3M-28837868.4283M
Internal build ID: 5f7e9a8d-0c4e-4a52-8d8b-7c0b0d6c5b2f
Image format version: 3.0
Image optimization: Strata-4GB

Uptime: {{uptime}}
Total memory: 8099732 kB
Free memory: 6120408 kB

`;

const INTERFACES = [1, 2, 3].map((n) =>
  `Ethernet${n} is up, line protocol is up (connected)
  Hardware is Ethernet, address is 2899.3a{{mac0}}.000${n} (bia 2899.3a{{mac0}}.000${n})
  Description: server-${n}
  Ethernet MTU 9214 bytes, BW 25000000 kbit
  Full-duplex, 25Gb/s, auto negotiation: off, uni-link: disabled
  Up 3 days, 4 hours, 12 minutes, 3 seconds
  Loopback Mode : None
  2 link status changes since last clear
  Last clearing of "show interface" counters never
  5 minutes input rate 1.21 Mbps (0.0% with framing overhead), 120 packets/sec
  5 minutes output rate 980 kbps (0.0% with framing overhead), 97 packets/sec
     11230112 packets input, 9981237712 bytes
     Received 12 broadcasts, 8812 multicast
     0 runts, 0 giants
     0 input errors, 0 CRC, 0 alignment, 0 symbol, 0 input discards
     0 PAUSE input
     9923111 packets output, 7712237712 bytes
     Sent 3 broadcasts, 9121 multicast
     0 output errors, 0 collisions
     0 late collision, 0 deferred, 0 output discards
     0 PAUSE output
`
).join("");

/** Arista EOS. */
export const ARISTA_EOS: LabPlatform = {
  id: "arista_eos",
  inventory: {
    manufacturer: "ARISTA NETWORKS",
    vendor: "arista",
    deviceType: "SWITCH",
    make: "7050X3 Series",
    model: "DCS-7050SX3-48YC8-R",
    operatingSystem: "EOS",
  },
  sshIdent: "OpenSSH_8.7",
  banner: "",
  motd: "Last login: {{dow}} {{mon}} {{day}} {{hh}}:{{mi}}:{{ss}} {{year}} from 127.0.0.1\n",
  telnetLogin: {
    username: "{{hostname}} login: ",
    password: "Password: ",
    failed: "\nLogin incorrect\n",
  },
  initialMode: "exec",
  modes: iosModes(),
  commands: [
    ...iosBaseCommands({
      paging: ["terminal length 0"],
      subModeWords: ["interface", "router", "ip access-list"],
    }),
    ...configSessionCommands(),
    { words: "configure", modes: ["enable"], action: "configure" },
    { words: "terminal width", modes: ["exec", "enable"], args: true, argsRequired: true },
    ...shows({
      "show version": SHOW_VERSION,
      "show clock":
        "{{dow}} {{mon}} {{day}} {{hh}}:{{mi}}:{{ss}} {{year}}\nTimezone: UTC\nClock source: local\n",
      "show interfaces": INTERFACES,
      "show ip route": `VRF: default
Codes: C - connected, S - static, K - kernel,
       O - OSPF, IA - OSPF inter area, E1 - OSPF external type 1,
       E2 - OSPF external type 2, B - Other BGP Routes,
       B I - iBGP, B E - eBGP

Gateway of last resort:
 S        0.0.0.0/0 [1/0] via 10.{{octet}}.0.2, Vlan100

 C        10.{{octet}}.0.0/30 is directly connected, Vlan100
 C        10.{{octet}}.1.0/24 is directly connected, Vlan200
 B E      10.200.0.0/16 [200/0] via 10.{{octet}}.0.2, Vlan100

`,
    }),
  ],
  errors: {
    invalid: "% Invalid input\n",
    incomplete: "% Incomplete command\n",
    ambiguous: "% Ambiguous command\n",
    caretIncludesPrompt: false,
  },
  pager: IOS_PAGER,
  runningConfig: `! Command: show running-config
! device: {{hostname}} (DCS-7050SX3-48YC8-R, EOS-4.28.3M)
!
! boot system flash:/EOS-4.28.3M.swi
!
transceiver qsfp default-mode 4x10G
!
hostname {{hostname}}
ip name-server vrf default 192.0.2.53
!
spanning-tree mode mstp
!
username {{username}} privilege 15 role network-admin secret sha512 $6$lab$xyz
!
vlan 100,200
!
interface Ethernet1
   description server-1
   switchport access vlan 200
!
interface Ethernet2
   description server-2
   switchport access vlan 200
!
interface Vlan100
   ip address 10.{{octet}}.0.1/30
!
interface Vlan200
   ip address 10.{{octet}}.1.1/24
!
{{extra}}ip routing
!
ip route 0.0.0.0/0 10.{{octet}}.0.2
!
management api http-commands
   no shutdown
!
end
`,
};
