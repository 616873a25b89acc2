/**
 * Brocade ServerIron ADX 12.5 load balancer, as an emulated lab device.
 *
 * @module
 */
import type { LabPlatform } from "../profile.ts";
import { foundryPlatform } from "./_foundry.ts";

/** Brocade ServerIron ADX. */
export const BROCADE_ADX: LabPlatform = foundryPlatform({
  id: "brocade_adx",
  inventory: {
    manufacturer: "BROCADE",
    vendor: "brocade",
    deviceType: "SWITCH",
    make: "ServerIron ADX",
    model: "SI-1216-4-PREM",
    operatingSystem: "ServerIron",
  },
  outputs: {
    "show version": `Copyright (c) 1996-2015 Brocade Communications Systems, Inc.
  Boot Version 12.4.00T403 Sep 10 2012 14:11:20 PDT label: dobv12400
  Monitor Version 12.4.00T403 Sep 10 2012 14:11:20 PDT label: dobv12400
  System Version 12.5.02eT403 Jun 17 2015 16:32:11 PDT label: ASR12502e
  AXP Version: 0.0  Dated: 2015/06/17 16:37:40
  PAX Version: 5.0  Dated: 2012/09/10 14:12:38
  MBRIDGE Version: 0x0010 Dated: 2012/04/24 11:11:20
========================================================================
 Chassis: ServerIron ADX 1216-4 (Serial #: {{serial}},  Part #: 40-1000369-02)
 Management Module: SI-1216-4-PREM
========================================================================
 1066 MHz Power PC processor 7447A (version 0x8003/0101) 166 MHz bus
 512 KB Boot flash
 64 MB Code flash
 4096 MB DRAM
 The system uptime is {{uptime}}
`,
    "show clock": "{{hh}}:{{mi}}:{{ss}} GMT+00 {{dow}} {{mon}} {{dd}} {{year}}\n",
    "show interfaces": `GigabitEthernet1 is up, line protocol is up
  Hardware is GigabitEthernet, address is 0012.f2{{mac0}}.0001 (bia 0012.f2{{mac0}}.0001)
  Configured speed auto, actual 1Gbit, configured duplex fdx, actual fdx
  Member of 1 L2 VLANs, port is untagged, port state is FORWARDING
  MTU 1518 bytes, encapsulation ethernet
`,
    "show ip route": `Total number of IP routes: 2
Start index: 1  B:BGP D:Connected R:RIP S:Static O:OSPF *:Candidate default
    Destination     NetMask         Gateway         Port    Cost  Type
1   0.0.0.0         0.0.0.0         10.{{octet}}.0.2        1       1     S
2   10.{{octet}}.0.0        255.255.255.252 0.0.0.0         1       1     D
`,
    "show server real": `Real Servers Info
========================
Name : web1                            Mac-addr: 0000.5e00.5301
IP:10.{{octet}}.1.10      Range:1    State:Active          Wt:1     Max-conn:2000000
Src-nat (cfg:op):(off:off)       Dest-nat (cfg:op):(off:off)
`,
  },
  runningConfig: `!Building configuration...
!Current configuration : 640 bytes
!
ver 12.5.02eT403
!
server real web1 10.{{octet}}.1.10
 port http
 port http url "HEAD /"
!
server virtual vip1 198.51.100.{{octet}}
 port http
 bind http web1 http
!
hostname {{hostname}}
ip address 10.{{octet}}.0.1 255.255.255.252
ip default-gateway 10.{{octet}}.0.2
!
{{extra}}end
`,
});
