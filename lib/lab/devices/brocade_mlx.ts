/**
 * Brocade NetIron 6.0 on an MLXe-8 router, as an emulated lab device.
 *
 * @module
 */
import type { LabPlatform } from "../profile.ts";
import { foundryPlatform } from "./_foundry.ts";

/** Brocade NetIron MLX. */
export const BROCADE_MLX: LabPlatform = foundryPlatform({
  id: "brocade_mlx",
  inventory: {
    manufacturer: "BROCADE",
    vendor: "brocade",
    deviceType: "ROUTER",
    make: "NetIron MLX",
    model: "NI-MLX-8-E",
    operatingSystem: "NetIron",
  },
  outputs: {
    "show version": `System Mode: MLX
Chassis: NetIron 8-slot MLXe (Serial #: {{serial}},  Part #: 40-1000362-04)
NI-X-HSF Switch Fabric Module 1 (Serial #: BVP0409K02D,  Part #: 60-1001512-11)
FE 1: Type fe600, Version 1
Switch Fabric Module 1 Up Time is {{uptime}}
==========================================================================
SL M1: BR-MLX-MR2-X Management Module Active (Serial #: BVQ0426H0KM, Part #: 60-1002374-09):
Boot     : Version 5.9.0T165 Copyright (c) Brocade Communications Systems, Inc.
IronWare : Version 6.0.0aT163 Copyright (c) Brocade Communications Systems, Inc.
Board ID : 00 MBRIDGE Revision : 37
1666 MHz Power PC processor 7448 (version 8004/0202) 166 MHz bus
512 KB Boot Flash (MX29LV040C), 128 MB Code Flash (MT28F256J3)
4096 MB DRAM INSTALLED
Active Management uptime is {{uptime}}
==========================================================================
SL 1: BR-MLX-10Gx8-X 8-port 10GbE (M) Module (Serial #: BND0412H09P, Part #: 60-1001888-12)
FPGA versions:
Valid PBIF Version = 4.04, Build Time = 11/10/2014 14:20:00
LP Slot 1 uptime is {{uptime}}
==========================================================================
All show version done
`,
    "show clock": "{{hh}}:{{mi}}:{{ss}}.{{ms}} GMT+00 {{dow}} {{mon}} {{dd}} {{year}}\n",
    "show interfaces": `10GigabitEthernet1/1 is up, line protocol is up
  STP Root Guard is disabled, STP BPDU Guard is disabled
  Hardware is 10GigabitEthernet, address is 0024.38{{mac0}}.0001 (bia 0024.38{{mac0}}.0001)
  Configured speed 10Gbit, actual 10Gbit, configured duplex fdx, actual fdx
  Member of control VLAN 4095, VLAN 1 (untagged), port is in untagged mode, port state is Forwarding
  Internet address is 10.{{octet}}.0.1/30, IP MTU 9198 bytes, encapsulation ethernet
  300 second input rate: 12801 bits/sec, 12 packets/sec, 0.00% utilization
  300 second output rate: 10411 bits/sec, 10 packets/sec, 0.00% utilization
`,
    "show ip route": `Total number of IP routes: 3
Type Codes - B:BGP D:Connected I:ISIS L:Local O:OSPF R:RIP S:Static; Cost - Dist/Metric
        Destination        Gateway         Port          Cost     Type Uptime src-vrf
1       0.0.0.0/0          10.{{octet}}.0.2        eth 1/1       1/1      S    3d4h  -
2       10.{{octet}}.0.0/30        DIRECT          eth 1/1       0/0      D    3d4h  -
3       10.200.0.0/16      10.{{octet}}.0.2        eth 1/1       110/2    O    3d4h  -
`,
  },
  runningConfig: `Current configuration:
!
ver V6.0.0aT163
module 1 br-mlx-10gx8-x
!
hostname {{hostname}}
!
router ospf
 area 0
!
interface ethernet 1/1
 enable
 ip ospf area 0
 ip address 10.{{octet}}.0.1/30
!
{{extra}}ip route 0.0.0.0/0 10.{{octet}}.0.2
!
end
`,
});
