/**
 * Foundry/Ruckus FastIron 08.0 on an ICX 7250 switch, as an emulated lab device.
 *
 * @module
 */
import type { LabPlatform } from "../profile.ts";
import { foundryPlatform } from "./_foundry.ts";

/** Foundry FastIron. */
export const FOUNDRY_FASTIRON: LabPlatform = foundryPlatform({
  id: "foundry_fastiron",
  inventory: {
    manufacturer: "FOUNDRY",
    vendor: "foundry",
    deviceType: "SWITCH",
    make: "FastIron ICX",
    model: "ICX7250-48P",
    operatingSystem: "FastIron",
  },
  outputs: {
    "show version": `  Copyright (c) Ruckus Networks, Inc. All rights reserved.
    UNIT 1: compiled on Nov  2 2021 at 02:22:18 labeled as SPR08095k
      (33554432 bytes) from Primary SPR08095k.bin (UFI)
        SW: Version 08.0.95kT213
      Compressed Primary Boot Code size = 786944, Version:10.1.22T215 (spz10122)
       Compiled on Wed Jun  2 19:54:56 2021

  HW: Stackable ICX7250-48-HPOE
==========================================================================
UNIT 1: SL 1: ICX7250-48P POE 48-port Management Module
         Serial  #:{{serial}}
         Software Package: ICX7250_L3_SOFT_PACKAGE
         Current License: l3-prem-8X10G
         P-ASIC  0: type B160, rev 11  Chip BCM56160_B0
==========================================================================
 1000 MHz ARM processor ARMv7 88 MHz bus
 8192 KB boot flash memory
 2048 MB code flash memory
 1024 MB DRAM
STACKID 1  system uptime is {{uptime}}
The system started at 09:12:44 GMT+00 Mon Jan 08 2024
`,
    "show clock": "{{hh}}:{{mi}}:{{ss}}.{{ms}} GMT+00 {{dow}} {{mon}} {{dd}} {{year}}\n",
    "show interfaces": `GigabitEthernet1/1/1 is up, line protocol is up
  Port up for 3 day(s) 4 hour(s) 12 minute(s)
  Hardware is GigabitEthernet, address is 609c.9f{{mac0}}.0001 (bia 609c.9f{{mac0}}.0001)
  Configured speed auto, actual 1Gbit, configured duplex fdx, actual fdx
  Member of 1 L2 VLANs, port is untagged, port state is FORWARDING
  BPDU guard is Disabled, ROOT protect is Disabled, Designated protect is Disabled
  Link Error Dampening is Disabled
  STP configured to ON, priority is level0, mac-learning is enabled
  MTU 1500 bytes, encapsulation ethernet
  300 second input rate: 2311 bits/sec, 3 packets/sec, 0.00% utilization
  300 second output rate: 1012 bits/sec, 1 packets/sec, 0.00% utilization
`,
    "show ip route": `Total number of IP routes: 3
Type Codes - B:BGP D:Connected I:ISIS O:OSPF R:RIP S:Static; Cost - Dist/Metric
BGP  Codes - i:iBGP e:eBGP
        Destination        Gateway         Port          Cost          Type Uptime
1       0.0.0.0/0          10.{{octet}}.0.2        ve 100        1/1           S    3d4h
2       10.{{octet}}.0.0/30        DIRECT          ve 100        0/0           D    3d4h
3       10.{{octet}}.1.0/24        DIRECT          ve 200        0/0           D    3d4h
`,
  },
  runningConfig: `Current configuration:
!
ver 08.0.95kT213
!
stack unit 1
  module 1 icx7250-48p-poe-port-management-module
!
vlan 100 by port
 untagged ethe 1/1/1
 router-interface ve 100
!
hostname {{hostname}}
ip route 0.0.0.0/0 10.{{octet}}.0.2
!
username {{username}} password .....
!
interface ve 100
 ip address 10.{{octet}}.0.1 255.255.255.252
!
{{extra}}end
`,
});
