/**
 * A Mellanox SN2410 running Cumulus Linux 4.4, as an emulated lab device:
 * the bash prompt `user@host:mgmt:~$ ` (management VRF), NCLU commands
 * (`net show ...`; `net add`/`net del` pending until `net commit`),
 * `-bash: ...: command not found` for anything else. No pager.
 *
 * @module
 */
import type { LabCommand, LabPlatform } from "../profile.ts";

const M = ["shell"];
const sh = (words: string, output: string): LabCommand => ({ words, modes: M, output });
const change = (words: string): LabCommand => ({
  words,
  modes: M,
  action: "configLine",
  args: true,
  argsRequired: true,
});

/** Cumulus Linux. */
export const CUMULUS_LINUX: LabPlatform = {
  id: "cumulus_linux",
  inventory: {
    manufacturer: "CUMULUS",
    vendor: "cumulus",
    deviceType: "SWITCH",
    make: "Mellanox",
    model: "SN2410",
    operatingSystem: "Cumulus Linux",
  },
  sshIdent: "OpenSSH_7.9p1 Debian-10+deb10u2",
  banner: "",
  motd: `Linux {{hostname}} 4.19.0-cl-1-amd64 #1 SMP Cumulus 4.19.149-1+cl4.4u1 (2021-09-09) x86_64

Welcome to NVIDIA Cumulus (R) Linux (R)

For support and online technical documentation, visit
http://www.cumulusnetworks.com/support

The registered trademark Linux (R) is used pursuant to a sublicense from LMI,
the exclusive licensee of Linus Torvalds, owner of the mark on a world-wide
basis.
Last login: {{dow}} {{mon}} {{day}} {{hh}}:{{mi}}:{{ss}} {{year}} from 127.0.0.1
`,
  telnetLogin: {
    username: "login: ",
    password: "Password: ",
    failed: "\nLogin incorrect\n",
  },
  initialMode: "shell",
  modes: [{ name: "shell", prompt: "{{username}}@{{hostname}}:mgmt:~$ " }],
  commands: [
    change("net add"),
    change("net del"),
    {
      words: "net commit",
      modes: M,
      action: "commit",
      args: true,
      output: `--- /etc/network/interfaces.orig
+++ /etc/network/interfaces

net add/del commands since the last "net commit"
================================================

User      Timestamp                   Command
--------  --------------------------  -------
{{username}}  {{year}}-{{monNum}}-{{dd}} {{hh}}:{{mi}}:{{ss}}  pending changes
`,
    },
    sh("net pending", ""),
    sh("net abort", ""),
    sh(
      "net show version",
      `NCLU_VERSION=1.0-cl4.4.0u4
DISTRIB_ID="Cumulus Linux"
DISTRIB_RELEASE=4.4.0
DISTRIB_DESCRIPTION="Cumulus Linux 4.4.0"
`,
    ),
    sh(
      "net show interface",
      `State  Name    Spd  MTU    Mode          LLDP                    Summary
-----  ------  ---  -----  ------------  ----------------------  -------------------------
UP     lo      N/A  65536  Loopback                              IP: 127.0.0.1/8
       lo                                                        IP: 10.255.{{octet}}.1/32
UP     eth0    1G   1500   Mgmt                                  Master: mgmt(UP)
UP     swp1    10G  9216   Interface/L3  spine01 (swp{{octet}})  IP: 10.{{octet}}.0.1/30
`,
    ),
    { words: "net show configuration", modes: M, action: "showRunning", args: true },
    sh("hostname", "{{hostname}}\n"),
    sh(
      "uptime",
      " {{hh}}:{{mi}}:{{ss}} up 3 days,  4:05,  1 user,  load average: 0.08, 0.12, 0.10\n",
    ),
    sh(
      "cat /etc/lsb-release",
      `DISTRIB_ID="Cumulus Linux"
DISTRIB_RELEASE=4.4.0
DISTRIB_DESCRIPTION="Cumulus Linux 4.4.0"
`,
    ),
    { words: "exit", modes: M, action: "logout", output: "logout\n" },
    { words: "logout", modes: M, action: "logout" },
  ],
  errors: {
    invalid: "ERROR: Command not found.\n\n{{command}}\n",
    invalidFirst: "-bash: {{token}}: command not found\n",
    incomplete: "ERROR: Command not found.\n\n{{command}}\n",
    ambiguous: "ERROR: Command not found.\n\n{{command}}\n",
    caretIncludesPrompt: false,
  },
  // the shell does not page
  pager: { prompt: "", lines: 1_000_000, erase: "" },
  configFormat: "flat",
  runningConfig: `net add hostname {{hostname}}
net add loopback lo ip address 10.255.{{octet}}.1/32
net add interface swp1 alias uplink to spine01
net add interface swp1 ip address 10.{{octet}}.0.1/30
net add interface swp1 mtu 9216
net add routing route 0.0.0.0/0 10.{{octet}}.0.2
{{extra}}net add time zone Etc/UTC
net add dns nameserver ipv4 192.0.2.53 vrf mgmt
`,
};
