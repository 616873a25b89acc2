/**
 * Cisco IOS 15 on an ISR G2 router, as an emulated lab device.
 *
 * @module
 */
import type { LabPlatform } from "../profile.ts";
import {
  IOS_ERRORS,
  IOS_PAGER,
  iosBaseCommands,
  iosModes,
  sequencedAclCommands,
  shows,
} from "./_ioslike.ts";

const SHOW_VERSION =
  `Cisco IOS Software, C2900 Software (C2900-UNIVERSALK9-M), Version 15.7(3)M8, RELEASE SOFTWARE (fc2)
Technical Support: http://www.cisco.com/techsupport
Copyright (c) 1986-2021 by Cisco Systems, Inc.
Compiled Thu 14-Jan-21 08:47 by prod_rel_team

ROM: System Bootstrap, Version 15.0(1r)M16, RELEASE SOFTWARE (fc1)

{{hostname}} uptime is {{uptime}}
System returned to ROM by power-on
System restarted at 09:12:44 UTC Mon Jan 8 2024
System image file is "flash0:c2900-universalk9-mz.SPA.157-3.M8.bin"
Last reload type: Normal Reload
Last reload reason: power-on



This product contains cryptographic features and is subject to United
States and local country laws governing import, export, transfer and
use. Delivery of Cisco cryptographic products does not imply
third-party authority to import, export, distribute or use encryption.
Importers, exporters, distributors and users are responsible for
compliance with U.S. and local country laws. By using this product you
agree to comply with applicable laws and regulations. If you are unable
to comply with U.S. and local laws, return this product immediately.

A summary of U.S. laws governing Cisco cryptographic products may be found at:
http://www.cisco.com/wwl/export/crypto/tool/stqrg.html

If you require further assistance please contact us by sending email to
export@cisco.com.

Cisco CISCO2911/K9 (revision 1.0) with 483328K/40960K bytes of memory.
Processor board ID {{serial}}
3 Gigabit Ethernet interfaces
1 terminal line
DRAM configuration is 64 bits wide with parity enabled.
255K bytes of non-volatile configuration memory.
250880K bytes of ATA System CompactFlash 0 (Read/Write)


License Info:

License UDI:

-------------------------------------------------
Device#   PID                   SN
-------------------------------------------------
*0        CISCO2911/K9          {{serial}}



Technology Package License Information for Module:'c2900'

-----------------------------------------------------------------
Technology    Technology-package           Technology-package
              Current       Type           Next reboot
------------------------------------------------------------------
ipbase        ipbasek9      Permanent      ipbasek9
security      securityk9    Permanent      securityk9
uc            None          None           None
data          datak9        Permanent      datak9

Configuration register is 0x2102

`;

const INTERFACE = (name: string, n: number, ip: string, status: string): string =>
  `${name} is ${status}, line protocol is ${status === "up" ? "up" : "down"}
  Hardware is CN Gigabit Ethernet, address is 0022.90ab.{{mac${n}}} (bia 0022.90ab.{{mac${n}}})
  Internet address is ${ip}
  MTU 1500 bytes, BW 1000000 Kbit/sec, DLY 10 usec,
     reliability 255/255, txload 1/255, rxload 1/255
  Encapsulation ARPA, loopback not set
  Keepalive set (10 sec)
  Full Duplex, 1Gbps, media type is RJ45
  output flow-control is unsupported, input flow-control is unsupported
  ARP type: ARPA, ARP Timeout 04:00:00
  Last input 00:00:01, output 00:00:00, output hang never
  Last clearing of "show interface" counters never
  Input queue: 0/75/0/0 (size/max/drops/flushes); Total output drops: 0
  Queueing strategy: fifo
  Output queue: 0/40 (size/max)
  5 minute input rate 2000 bits/sec, 3 packets/sec
  5 minute output rate 1000 bits/sec, 1 packets/sec
     1843211 packets input, 201342118 bytes, 0 no buffer
     Received 90211 broadcasts (0 IP multicasts)
     0 runts, 0 giants, 0 throttles
     0 input errors, 0 CRC, 0 frame, 0 overrun, 0 ignored
     0 watchdog, 88123 multicast, 0 pause input
     1022911 packets output, 98231201 bytes, 0 underruns
     0 output errors, 0 collisions, 1 interface resets
     0 unknown protocol drops
     0 babbles, 0 late collision, 0 deferred
     1 lost carrier, 0 no carrier, 0 pause output
     0 output buffer failures, 0 output buffers swapped out
`;

const SHOW_INTERFACES = INTERFACE("GigabitEthernet0/0", 0, "10.{{octet}}.0.1/30", "up") +
  INTERFACE("GigabitEthernet0/1", 1, "10.{{octet}}.1.1/24", "up") +
  INTERFACE("GigabitEthernet0/2", 2, "192.168.{{octet}}.1/24", "administratively down");

const SHOW_IP_ROUTE = `Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP
       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area 
       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2
       E1 - OSPF external type 1, E2 - OSPF external type 2
       i - IS-IS, su - IS-IS summary, L1 - IS-IS level-1, L2 - IS-IS level-2
       ia - IS-IS inter area, * - candidate default, U - per-user static route
       o - ODR, P - periodic downloaded static route, H - NHRP, l - LISP
       a - application route
       + - replicated route, % - next hop override, p - overrides from PfR

Gateway of last resort is 10.{{octet}}.0.2 to network 0.0.0.0

S*    0.0.0.0/0 [1/0] via 10.{{octet}}.0.2
      10.0.0.0/8 is variably subnetted, 5 subnets, 3 masks
C        10.{{octet}}.0.0/30 is directly connected, GigabitEthernet0/0
L        10.{{octet}}.0.1/32 is directly connected, GigabitEthernet0/0
C        10.{{octet}}.1.0/24 is directly connected, GigabitEthernet0/1
L        10.{{octet}}.1.1/32 is directly connected, GigabitEthernet0/1
O        10.200.0.0/16 [110/2] via 10.{{octet}}.0.2, 3d04h, GigabitEthernet0/0
`;

const RUNNING_CONFIG = `Building configuration...

Current configuration : 1873 bytes
!
! Last configuration change at 09:15:02 UTC Mon Jan 8 2024
!
version 15.7
service timestamps debug datetime msec
service timestamps log datetime msec
service password-encryption
!
hostname {{hostname}}
!
boot-start-marker
boot-end-marker
!
enable secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0
!
no aaa new-model
!
ip domain name lab.example.net
ip cef
no ipv6 cef
!
username {{username}} privilege 1 secret 5 $1$kZ1d$J9gJxvQbNfXgDy0vS1yjX/
!
interface GigabitEthernet0/0
 description uplink to core
 ip address 10.{{octet}}.0.1 255.255.255.252
 duplex auto
 speed auto
!
interface GigabitEthernet0/1
 description users
 ip address 10.{{octet}}.1.1 255.255.255.0
 ip access-group 101 in
 duplex auto
 speed auto
!
interface GigabitEthernet0/2
 no ip address
 shutdown
 duplex auto
 speed auto
!
router ospf 1
 network 10.{{octet}}.0.0 0.0.0.3 area 0
!
ip forward-protocol nd
no ip http server
no ip http secure-server
!
ip route 0.0.0.0 0.0.0.0 10.{{octet}}.0.2
ip ssh version 2
!
access-list 101 permit tcp any host 10.{{octet}}.1.10 eq 22
access-list 101 permit icmp any any
access-list 101 deny   ip any any log
!
{{extra}}line con 0
line aux 0
line vty 0 4
 login local
 transport input ssh telnet
!
end
`;

/** Cisco IOS. */
export const CISCO_IOS: LabPlatform = {
  id: "cisco_ios",
  inventory: {
    manufacturer: "CISCO SYSTEMS",
    vendor: "cisco",
    deviceType: "ROUTER",
    make: "2900 Series Integrated Services Router",
    model: "CISCO2911/K9",
    operatingSystem: "IOS",
  },
  sshIdent: "Cisco-1.25",
  banner: "\nLab device - authorized access only\n\n",
  motd: "\n",
  telnetLogin: {
    username: "\nUser Access Verification\n\nUsername: ",
    password: "Password: ",
    failed: "% Login invalid\n\n",
  },
  initialMode: "exec",
  modes: iosModes(),
  enableFailed: "% Access denied\n\n",
  commands: [
    ...iosBaseCommands({
      paging: ["terminal length 0"],
      subModeWords: ["interface", "router", "ip access-list"],
    }),
    ...sequencedAclCommands(),
    { words: "terminal length", modes: ["exec", "enable"], args: true, argsRequired: true },
    { words: "terminal width", modes: ["exec", "enable"], args: true, argsRequired: true },
    ...shows({
      "show version": SHOW_VERSION,
      "show clock": "*{{hh}}:{{mi}}:{{ss}}.{{ms}} UTC {{dow}} {{mon}} {{day}} {{year}}\n",
      "show interfaces": SHOW_INTERFACES,
      "show ip route": SHOW_IP_ROUTE,
      "show ip interface brief":
        `Interface                  IP-Address      OK? Method Status                Protocol
GigabitEthernet0/0         10.{{octet}}.0.1        YES NVRAM  up                    up      
GigabitEthernet0/1         10.{{octet}}.1.1        YES NVRAM  up                    up      
GigabitEthernet0/2         unassigned      YES NVRAM  administratively down down    
`,
      "show privilege": "Current privilege level is {{privilege}}\n",
      "show users": `    Line       User       Host(s)              Idle       Location
*  2 vty 0     {{username}}      idle                 00:00:00 127.0.0.1

  Interface    User               Mode         Idle     Peer Address
`,
    }),
  ],
  errors: IOS_ERRORS,
  pager: IOS_PAGER,
  runningConfig: RUNNING_CONFIG,
  sequencedAcls: true,
  logoutMessage: "",
};
