/**
 * A10 ACOS 4.1 on a Thunder 3030S application delivery controller, as an
 * emulated lab device.
 *
 * @module
 */
import type { LabPlatform } from "../profile.ts";
import { IOS_PAGER, iosBaseCommands, iosModes, shows } from "./_ioslike.ts";

/** A10 ACOS. */
export const A10_ACOS: LabPlatform = {
  id: "a10_acos",
  inventory: {
    manufacturer: "A10 NETWORKS",
    vendor: "a10",
    deviceType: "SWITCH",
    make: "Thunder Series",
    model: "TH3030S",
    operatingSystem: "ACOS",
  },
  sshIdent: "OpenSSH_7.9",
  banner: "ACOS system is ready now.\n",
  motd: "\n[type ? for help]\n\n",
  telnetLogin: { username: "login as: ", password: "Password: ", failed: "Access denied\n" },
  initialMode: "exec",
  modes: iosModes({
    exec: "{{hostname}}-Active>",
    enable: "{{hostname}}-Active#",
    config: "{{hostname}}-Active(config)#",
    sub: "{{hostname}}-Active(config-if:ethernet:1)#",
  }),
  commands: [
    ...iosBaseCommands({ paging: ["terminal length 0"], subModeWords: ["interface", "slb"] }),
    ...shows({
      "show version": `Thunder Series Unified Application Service Gateway TH3030S
  Copyright 2007-2022 by A10 Networks, Inc.  All A10 Networks products are
  protected by one or more of the following US patents:
  10979302, 10931719, 10911473, 10904315, 10880400, 10868765

          64-bit Advanced Core OS (ACOS) version 4.1.4-GR1-P9, build 77 (Mar-02-2022,11:55)
          Booted from Hard Disk primary image
          Number of control CPUs is 1
          Serial Number: {{serial}}
          aFleX version: 2.0.0
          GUI primary image (default) version 4_1_4-GR1-P9-77
          aXAPI version: 3.0
          Hard Disk primary image (default) version 4.1.4-GR1-P9, build 77
          Last configuration saved at Jan-08-2024, 09:15
          Hardware: 8 CPUs(Stepping 4), Single 240G drive, Free storage is 180G
          Total System Memory 32768 Mbytes, Free Memory 20510 Mbytes
          Current time is {{mon}}-{{dd}}-{{year}}, {{hh}}:{{mi}}
          The system has been up {{uptime}}
`,
      "show clock": "{{hh}}:{{mi}}:{{ss}} UTC {{dow}} {{mon}} {{dd}} {{year}}\n",
      "show interfaces": `Ethernet 1 is up, line protocol is up
  Hardware is GigabitEthernet, Address is 001f.a0{{mac0}}.0001
  Internet address is 10.{{octet}}.0.1, Subnet mask is 255.255.255.252
  Configured Speed auto, Actual 1Gbit, Configured Duplex auto, Actual fdx
  Member of L2 Vlan 10, Port is untagged
  Flow Control is disabled, IP MTU is 1500 bytes
  Port as Mirror disabled, Monitoring this Port disabled
    0 packets input, 0 bytes
    Received 0 broadcasts, Received 0 multicasts, Received 0 unicasts
`,
      "show ip route": `Codes: C - connected, S - static, R - RIP, O - OSPF, B - BGP

Gateway of last resort is 10.{{octet}}.0.2 to network 0.0.0.0

S*      0.0.0.0 /0 [1/0] via 10.{{octet}}.0.2, ethernet 1
C       10.{{octet}}.0.0 /30 is directly connected, ethernet 1
`,
    }),
  ],
  errors: {
    invalid: "{{caret}}\n% Unrecognized command.\n\n",
    incomplete: "% Incomplete command.\n\n",
    ambiguous: "% Ambiguous command.\n\n",
    caretIncludesPrompt: true,
  },
  pager: IOS_PAGER,
  runningConfig: `!Current configuration: 912 bytes
!Configuration last updated at 09:15:02 UTC Mon Jan 8 2024
!
hostname {{hostname}}
!
interface ethernet 1
  enable
  ip address 10.{{octet}}.0.1 255.255.255.252
!
ip route 0.0.0.0 /0 10.{{octet}}.0.2
!
slb server web1 10.{{octet}}.1.10
  port 80 tcp
!
slb service-group web tcp
  member web1 80
!
slb virtual-server vip1 198.51.100.{{octet}}
  port 80 http
    service-group web
!
{{extra}}end
`,
};
