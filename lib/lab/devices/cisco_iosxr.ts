/**
 * Cisco IOS XR 7.5 on an ASR 9901, as an emulated lab device. Changes take
 * effect on `commit`.
 *
 * @module
 */
import type { LabPlatform } from "../profile.ts";
import { CONF, IOS_ERRORS, iosBaseCommands, iosModes, shows } from "./_ioslike.ts";

const P = "RP/0/RSP0/CPU0:{{hostname}}";

/** Cisco IOS XR. */
export const CISCO_IOSXR: LabPlatform = {
  id: "cisco_iosxr",
  inventory: {
    manufacturer: "CISCO SYSTEMS",
    vendor: "cisco",
    deviceType: "ROUTER",
    make: "ASR 9000",
    model: "ASR-9901",
    operatingSystem: "IOS-XR",
  },
  sshIdent: "Cisco-2.0",
  banner: "",
  motd: "\n",
  telnetLogin: {
    username: "\nUser Access Verification\n\nUsername: ",
    password: "Password: ",
    failed: "% Authentication failed\n\n",
  },
  initialMode: "enable",
  modes: iosModes({
    exec: `${P}>`,
    enable: `${P}#`,
    config: `${P}(config)#`,
    sub: `${P}(config-if)#`,
  }),
  commands: [
    ...iosBaseCommands({
      paging: ["terminal length 0"],
      subModeWords: ["interface", "router", "ipv4 access-list", "ipv6 access-list"],
    }),
    { words: "commit", modes: CONF, action: "commit" },
    { words: "abort", modes: CONF, action: "end" },
    ...shows({
      "show version": `
Cisco IOS XR Software, Version 7.5.2
Copyright (c) 2013-2022 by Cisco Systems, Inc.

Build Information:
 Built By     : ingunawa
 Built On     : Tue Jun 28 19:35:02 PDT 2022
 Built Host   : iox-ucs-025
 Workspace    : /auto/srcarchive11/prod/7.5.2/asr9k-x64/ws
 Version      : 7.5.2
 Location     : /opt/cisco/XR/packages/
 Label        : 7.5.2

cisco ASR9K () processor
System uptime is {{uptime}}
`,
      "show clock": "{{dow}} {{mon}} {{dd}} {{hh}}:{{mi}}:{{ss}}.{{ms}} UTC\n",
      "show interfaces": `TenGigE0/0/0/0 is up, line protocol is up
  Interface state transitions: 1
  Hardware is TenGigE, address is 008a.96{{mac0}}.0001 (bia 008a.96{{mac0}}.0001)
  Description: uplink to core
  Internet address is 10.{{octet}}.0.1/30
  MTU 1514 bytes, BW 10000000 Kbit (Max: 10000000 Kbit)
     reliability 255/255, txload 0/255, rxload 0/255
  Encapsulation ARPA,
  Full-duplex, 10000Mb/s, LR, link type is force-up
`,
      "show route": `
Codes: C - connected, S - static, R - RIP, B - BGP, (>) - Diversion path
       O - OSPF, IA - OSPF inter area, L - local

Gateway of last resort is 10.{{octet}}.0.2 to network 0.0.0.0

S*   0.0.0.0/0 [1/0] via 10.{{octet}}.0.2, 3d04h
C    10.{{octet}}.0.0/30 is directly connected, 3d04h, TenGigE0/0/0/0
L    10.{{octet}}.0.1/32 is directly connected, 3d04h, TenGigE0/0/0/0
`,
    }),
  ],
  errors: IOS_ERRORS,
  pager: { prompt: " --More-- ", erase: "\b".repeat(10) + " ".repeat(10) + "\b".repeat(10) },
  runningConfig: `Building configuration...
!! IOS XR Configuration 7.5.2
!! Last configuration change at Mon Jan  8 09:15:02 2024 by {{username}}
!
hostname {{hostname}}
username {{username}}
 group root-lr
 group cisco-support
 secret 10 $6$lab$xyz
!
interface TenGigE0/0/0/0
 description uplink to core
 ipv4 address 10.{{octet}}.0.1 255.255.255.252
!
{{extra}}router static
 address-family ipv4 unicast
  0.0.0.0/0 10.{{octet}}.0.2
 !
!
ssh server v2
end
`,
};
