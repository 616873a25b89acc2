/**
 * Brocade Network OS 7.2 on a VDX 6740 switch, as an emulated lab device
 * (ConfD-style CLI: `syntax error:` wording, admin lands at `#`).
 *
 * @module
 */
import type { LabPlatform } from "../profile.ts";
import { iosBaseCommands, iosModes, shows } from "./_ioslike.ts";

/** Brocade VDX (Network OS). */
export const BROCADE_VDX: LabPlatform = {
  id: "brocade_vdx",
  inventory: {
    manufacturer: "BROCADE",
    vendor: "brocade",
    deviceType: "SWITCH",
    make: "VDX 6740",
    model: "VDX6740",
    operatingSystem: "NOS",
  },
  sshIdent: "OpenSSH_6.1",
  banner: "",
  motd:
    "\nWelcome to the Brocade Network Operating System Software\n{{username}} connected from 127.0.0.1 using ssh on {{hostname}}\n",
  telnetLogin: {
    username: "{{hostname}} login: ",
    password: "Password: ",
    failed: "\nLogin incorrect\n",
  },
  initialMode: "enable",
  modes: iosModes({ sub: "{{hostname}}(conf-if-te-1/0/1)#" }),
  commands: [
    ...iosBaseCommands({
      paging: ["terminal length 0"],
      subModeWords: ["interface", "rbridge-id"],
      copyStartup: {
        confirm:
          "This operation will modify your startup configuration. Do you want to continue? [y/n]:",
        output: "",
      },
    }),
    ...shows({
      "show version": `
Network Operating System Software
Network Operating System Version: 7.2.0a
Copyright (c) 1995-2017 Brocade Communications Systems, Inc.
Firmware name:      7.2.0a
Build Time:         01:08:11 Jun 28, 2017
Install Time:       09:12:44 Jan  8, 2024
Kernel:             2.6.34.6
BootProm:           2.3.0
Control Processor:  e500mc with 4096 MB of memory

Slot    Name    Primary/Secondary Versions                 Status
---------------------------------------------------------------------------
SW/0    NOS     7.2.0a                                     ACTIVE*
                7.2.0a
SW/1    NOS     7.2.0a                                     STANDBY
                7.2.0a
`,
      "show clock": "rbridge-id 1: {{year}}-{{monNum}}-{{dd}} {{hh}}:{{mi}}:{{ss}} Etc/GMT+0\n",
      "show interface": `TenGigabitEthernet 1/0/1 is up, line protocol is up (connected)
Hardware is Ethernet, address is 0027.f8{{mac0}}.0001
    Current address is 0027.f8{{mac0}}.0001
Pluggable media present
Interface index (ifindex) is 4693508097
MTU 2500 bytes
LineSpeed Actual     : 10000 Mbit
LineSpeed Configured : Auto, Duplex: Full
`,
      "show ip route": `Total number of IP routes: 2
Type Codes - B:BGP D:Connected O:OSPF S:Static +:Leaked route; Cost - Dist/Metric
        Destination        Gateway           Port           Cost     Type Uptime
1       0.0.0.0/0          10.{{octet}}.0.2          Ve 100         1/1      S    3d4h
2       10.{{octet}}.0.0/30        DIRECT            Ve 100         0/0      D    3d4h
`,
    }),
  ],
  errors: {
    invalid: "{{dashcaret}}\nsyntax error: unknown argument.\n",
    invalidFirst: "{{dashcaret}}\nsyntax error: unknown command.\n",
    incomplete: "% Command incomplete.\n",
    ambiguous: "% Ambiguous command.\n",
    caretIncludesPrompt: true,
  },
  pager: { prompt: "--More--", erase: "\r        \r" },
  noMorePipes: ["nomore"],
  runningConfig: `diag post rbridge-id 1 enable
switch-attributes 1
 chassis-name VDX6740
 host-name {{hostname}}
!
username {{username}} password "$6$lab$xyz" encryption-level 7 role admin desc Administrator
!
interface Ve 100
 ip address 10.{{octet}}.0.1/30
 no shutdown
!
interface TenGigabitEthernet 1/0/1
 fabric isl enable
 fabric trunk enable
 no shutdown
!
{{extra}}rbridge-id 1
 ip route 0.0.0.0/0 10.{{octet}}.0.2
!
`,
};
