/**
 * A Pica8 P-3922 switch on PicOS 2.11 (L2/L3 mode), as an emulated lab
 * device: operational mode `user@host> `, `configure` to `user@host# `,
 * `set`/`delete` kept in the candidate until `commit`, a `--More--` pager
 * that only `| no-more` avoids (PicOS has no session-wide paging-off), and
 * XORP-style `syntax error` messages under a caret.
 *
 * @module
 */
import type { LabCommand, LabPlatform } from "../profile.ts";

const OP = ["exec"];
const CFG = ["config"];
const BOTH = ["exec", "config"];
const conf = (words: string): LabCommand => ({
  words,
  modes: CFG,
  action: "configLine",
  args: true,
  argsRequired: true,
});

/** Pica8 PicOS. */
export const PICA8_PICOS: LabPlatform = {
  id: "pica8_picos",
  inventory: {
    manufacturer: "PICA8",
    vendor: "pica8",
    deviceType: "SWITCH",
    make: "Pica8",
    model: "P-3922",
    operatingSystem: "PicOS",
  },
  sshIdent: "OpenSSH_6.0p1 Debian-4+deb7u2",
  banner: "",
  motd: "Synchronizing configuration...OK.\nPica8 PicOS Version 2.11.7\n" +
    "Welcome to PicOS L2/L3 on {{hostname}}\n",
  telnetLogin: { username: "login: ", password: "Password: ", failed: "Login incorrect\n" },
  initialMode: "exec",
  modes: [
    { name: "exec", prompt: "{{username}}@{{hostname}}> " },
    { name: "config", prompt: "{{username}}@{{hostname}}# ", exitTo: "exec" },
  ],
  commands: [
    {
      words: "show version",
      modes: BOTH,
      output: `Copyright (C) 2009-2019 Pica8, Inc.
===================================
Base ethernet MAC Address  : 70:72:cf:{{octet}}:00:01
Hardware Model             : P3922
Linux System Version/Revision : 2.11.7/7ea7ab0
Linux System Released Date : 07/08/2019
L2/L3 Version/Revision     : 2.11.7/7ea7ab0
L2/L3 Released Date        : 07/08/2019
`,
    },
    {
      words: "show system uptime",
      modes: BOTH,
      output: "{{hh}}:{{mi}}:{{ss}} up 3 days,  4:05,  1 user,  load average: 0.00, 0.01, 0.05\n",
    },
    {
      words: "show interface brief",
      modes: BOTH,
      output: `Interface    Management Status    Flow Control    Duplex    Speed     Description
-----------  -----------------    ------------    ------    -----     -----------
te-1/1/1     Enabled       Up     Disabled        Full      10Gb      uplink
te-1/1/2     Enabled       Down   Disabled        Auto      Auto
te-1/1/3     Enabled       Down   Disabled        Auto      Auto
te-1/1/4     Enabled       Down   Disabled        Auto      Auto
te-1/1/5     Enabled       Down   Disabled        Auto      Auto
te-1/1/6     Enabled       Down   Disabled        Auto      Auto
te-1/1/7     Enabled       Down   Disabled        Auto      Auto
te-1/1/8     Enabled       Down   Disabled        Auto      Auto
te-1/1/9     Enabled       Down   Disabled        Auto      Auto
te-1/1/10    Enabled       Down   Disabled        Auto      Auto
te-1/1/11    Enabled       Down   Disabled        Auto      Auto
te-1/1/12    Enabled       Down   Disabled        Auto      Auto
te-1/1/13    Enabled       Down   Disabled        Auto      Auto
te-1/1/14    Enabled       Down   Disabled        Auto      Auto
te-1/1/15    Enabled       Down   Disabled        Auto      Auto
te-1/1/16    Enabled       Down   Disabled        Auto      Auto
te-1/1/17    Enabled       Down   Disabled        Auto      Auto
te-1/1/18    Enabled       Down   Disabled        Auto      Auto
te-1/1/19    Enabled       Down   Disabled        Auto      Auto
te-1/1/20    Enabled       Down   Disabled        Auto      Auto
te-1/1/21    Enabled       Down   Disabled        Auto      Auto
te-1/1/22    Enabled       Down   Disabled        Auto      Auto
te-1/1/23    Enabled       Down   Disabled        Auto      Auto
te-1/1/24    Enabled       Down   Disabled        Auto      Auto
`,
    },
    { words: "show running-config", modes: BOTH, action: "showRunning" },
    { words: "configure", modes: OP, action: "configure" },
    conf("set"),
    conf("delete"),
    {
      words: "commit",
      modes: CFG,
      action: "commit",
      args: true,
      output: "Commit OK.\nSave done.\n",
    },
    { words: "rollback", modes: CFG, args: true },
    { words: "exit", modes: CFG, action: "exit" },
    { words: "exit", modes: OP, action: "logout" },
    { words: "quit", modes: OP, action: "logout" },
  ],
  errors: {
    invalid: "{{caret}}\nsyntax error, expecting <command>.\n",
    incomplete: "syntax error, command is incomplete.\n",
    ambiguous: "syntax error, command is ambiguous.\n",
    caretIncludesPrompt: true,
  },
  pager: { prompt: "--More--", erase: "\r        \r" },
  noMorePipes: ["no-more"],
  configFormat: "flat",
  runningConfig: `set system hostname "{{hostname}}"
set system management-ethernet eth0 ip-address IPv4 192.168.{{octet}}.10/24
set system management-ethernet eth0 ip-gateway IPv4 192.168.{{octet}}.254
set interface gigabit-ethernet te-1/1/1 description "uplink"
set interface gigabit-ethernet te-1/1/1 family ethernet-switching native-vlan-id 100
set vlans vlan-id 100 l3-interface "vlan100"
set l3-interface vlan-interface vlan100 address 10.{{octet}}.0.1 prefix-length 30
set protocols static route 0.0.0.0/0 next-hop 10.{{octet}}.0.2
{{extra}}set system login user {{username}} class "super-user"
`,
};
