/**
 * XML bodies a Junos MX204 returns to operational RPCs (the ones PyEZ's
 * fact gathering and common scripts send), with `{{placeholders}}`.
 *
 * @module
 */

/** `<get-software-information/>`. */
export const SOFTWARE_INFORMATION = `<software-information>
<host-name>{{hostname}}</host-name>
<product-model>mx204</product-model>
<product-name>mx204</product-name>
<junos-version>20.4R3-S2.6</junos-version>
<package-information>
<name>junos</name>
<comment>JUNOS Base OS boot [20.4R3-S2.6]</comment>
</package-information>
<package-information>
<name>jbase</name>
<comment>JUNOS OS Kernel 64-bit  [20211119.5e6b1d3_builder_stable_11-204ab]</comment>
</package-information>
<package-information>
<name>jroute</name>
<comment>JUNOS Routing Controller [20.4R3-S2.6]</comment>
</package-information>
</software-information>`;

/** `<get-chassis-inventory/>`. */
export const CHASSIS_INVENTORY =
  `<chassis-inventory xmlns="http://xml.juniper.net/junos/20.4R0/junos-chassis">
<chassis junos:style="inventory">
<name>Chassis</name>
<serial-number>{{serial}}</serial-number>
<description>JNP204 [MX204]</description>
<chassis-module>
<name>Midplane</name>
<version>REV 25</version>
<part-number>750-077138</part-number>
<serial-number>CAGF{{octet}}0001</serial-number>
<description>MX204</description>
</chassis-module>
<chassis-module>
<name>Routing Engine 0</name>
<part-number>BUILTIN</part-number>
<serial-number>BUILTIN</serial-number>
<description>RE-S-1600x8</description>
</chassis-module>
</chassis>
</chassis-inventory>`;

/** `<get-route-engine-information/>`. */
export const ROUTE_ENGINE_INFORMATION =
  `<route-engine-information xmlns="http://xml.juniper.net/junos/20.4R0/junos-chassis">
<route-engine>
<slot>0</slot>
<mastership-state>master</mastership-state>
<mastership-priority>master (default)</mastership-priority>
<status>OK</status>
<memory-dram-size>32728 MB</memory-dram-size>
<cpu-idle>97</cpu-idle>
<model>RE-S-1600x8</model>
<serial-number>BUILTIN</serial-number>
<start-time junos:seconds="1704705164">2024-01-08 09:12:44 UTC</start-time>
<up-time junos:seconds="274320">{{uptime}}</up-time>
<last-reboot-reason>Router rebooted after a normal shutdown.</last-reboot-reason>
<load-average-one>0.20</load-average-one>
<load-average-five>0.17</load-average-five>
<load-average-fifteen>0.15</load-average-fifteen>
</route-engine>
</route-engine-information>`;

/** `<get-interface-information><terse/></get-interface-information>`. */
export const INTERFACE_INFORMATION_TERSE =
  `<interface-information xmlns="http://xml.juniper.net/junos/20.4R0/junos-interface" junos:style="terse">
<physical-interface>
<name>et-0/0/0</name>
<admin-status>up</admin-status>
<oper-status>up</oper-status>
<logical-interface>
<name>et-0/0/0.0</name>
<admin-status>up</admin-status>
<oper-status>up</oper-status>
<filter-information>
</filter-information>
<address-family>
<address-family-name>inet</address-family-name>
<interface-address>
<ifa-local junos:emit="emit">10.{{octet}}.0.1/30</ifa-local>
</interface-address>
</address-family>
</logical-interface>
</physical-interface>
<physical-interface>
<name>xe-0/1/0</name>
<admin-status>up</admin-status>
<oper-status>up</oper-status>
<logical-interface>
<name>xe-0/1/0.0</name>
<admin-status>up</admin-status>
<oper-status>up</oper-status>
<address-family>
<address-family-name>inet</address-family-name>
<interface-address>
<ifa-local junos:emit="emit">10.{{octet}}.1.1/24</ifa-local>
</interface-address>
</address-family>
</logical-interface>
</physical-interface>
<physical-interface>
<name>lo0</name>
<admin-status>up</admin-status>
<oper-status>up</oper-status>
<logical-interface>
<name>lo0.0</name>
<admin-status>up</admin-status>
<oper-status>up</oper-status>
<address-family>
<address-family-name>inet</address-family-name>
<interface-address>
<ifa-local junos:emit="emit">192.0.2.{{octet}}</ifa-local>
<ifa-destination junos:emit="emit">0/0</ifa-destination>
</interface-address>
</address-family>
</logical-interface>
</physical-interface>
</interface-information>`;

/** `<get-system-uptime-information/>`. */
export const SYSTEM_UPTIME =
  `<system-uptime-information xmlns="http://xml.juniper.net/junos/20.4R0/junos">
<current-time>
<date-time junos:seconds="0">{{year}}-{{monNum}}-{{dd}} {{hh}}:{{mi}}:{{ss}} UTC</date-time>
</current-time>
<system-booted-time>
<date-time junos:seconds="1704705164">2024-01-08 09:12:44 UTC</date-time>
</system-booted-time>
</system-uptime-information>`;

/** `<file-list><path>~</path></file-list>`. */
export const FILE_LIST_HOME = `<directory-list root-path="/var/home/{{username}}/">
<directory name="/var/home/{{username}}/">
<total-files>0</total-files>
</directory>
</directory-list>`;
