/**
 * F5 BIG-IP i4800 on TMOS 15.1, logged in to tmsh, as an emulated lab
 * device: one prompt `user@(host)(cfg-sync Standalone)(Active)(/Common)(tmos)# `,
 * `create`/`modify`/`delete` change the running configuration at once,
 * `save sys config` writes it to disk, `Syntax Error:` messages, the `less`
 * pager until `modify cli preference pager disabled`.
 *
 * @module
 */
import type { LabCommand, LabPlatform } from "../profile.ts";

const M = ["tmos"];
const show = (words: string, output: string): LabCommand => ({ words, modes: M, output });
const change = (words: string): LabCommand => ({
  words,
  modes: M,
  action: "configLine",
  args: true,
  argsRequired: true,
});

/** F5 BIG-IP (tmsh). */
export const F5_TMSH: LabPlatform = {
  id: "f5_tmsh",
  inventory: {
    manufacturer: "F5 NETWORKS",
    vendor: "f5",
    deviceType: "LOAD_BALANCER",
    make: "BIG-IP",
    model: "BIG-IP i4800",
    operatingSystem: "TMOS",
  },
  sshIdent: "OpenSSH_7.4",
  banner: "",
  motd: "Last login: {{dow}} {{mon}} {{day}} {{hh}}:{{mi}}:{{ss}} {{year}} from 127.0.0.1\n",
  telnetLogin: { username: "login: ", password: "Password: ", failed: "Login incorrect\n" },
  initialMode: "tmos",
  modes: [{
    name: "tmos",
    prompt: "{{username}}@({{hostname}})(cfg-sync Standalone)(Active)(/Common)(tmos)# ",
  }],
  commands: [
    // `modify cli preference pager disabled display-threshold 0`
    {
      words: "modify cli preference",
      modes: M,
      action: "pagingOff",
      args: true,
      argsRequired: true,
    },
    change("create"),
    change("modify"),
    change("delete"),
    show(
      "show sys version",
      `
Sys::Version
Main Package
  Product     BIG-IP
  Version     15.1.8
  Build       0.0.7
  Edition     Final
  Date        Thu Oct 13 10:59:29 PDT 2022

`,
    ),
    show(
      "show sys clock",
      `
-----------------------------
Sys::Clock
-----------------------------
{{dow}} {{mon}} {{dd}} {{hh}}:{{mi}}:{{ss}} UTC {{year}}

`,
    ),
    show(
      "show sys hardware",
      `
Sys::Hardware
Platform
  Name                 BIG-IP i4800
  BIOS Revision        F5 Platform: HERCULON OBJ-0710-02 BIOS (build: 013) Date: 02/14/2018
  Base MAC             00:94:a1:{{octet}}:00:01
System Information
  Type                 C117
  Chassis Serial       {{serial}}
`,
    ),
    { words: "show running-config", modes: M, action: "showRunning", args: true },
    { words: "list", modes: M, action: "showRunning", args: true },
    show(
      "save sys config",
      `Saving running configuration...
  /config/bigip.conf
  /config/bigip_base.conf
  /config/bigip_user.conf
Saving Ethernet mapping...done
`,
    ),
    { words: "quit", modes: M, action: "logout" },
    { words: "exit", modes: M, action: "logout" },
  ],
  errors: {
    invalid: 'Syntax Error: "{{token}}" unknown property\n',
    invalidFirst: 'Syntax Error: "{{token}}" unexpected argument\n',
    incomplete: 'Syntax Error: "{{command}}" requires additional arguments\n',
    ambiguous: 'Syntax Error: "{{command}}" is ambiguous\n',
    caretIncludesPrompt: false,
  },
  pager: { prompt: "---(less {{percent}}%)---", erase: "\r                    \r" },
  configFormat: "flat",
  runningConfig: `auth user {{username}} {
    description "Lab administrator"
    partition-access {
        all-partitions {
            role admin
        }
    }
    shell tmsh
}
ltm node /Common/10.{{octet}}.1.10 {
    address 10.{{octet}}.1.10
}
ltm pool /Common/web_pool {
    members {
        /Common/10.{{octet}}.1.10:80 {
            address 10.{{octet}}.1.10
        }
    }
    monitor /Common/http
}
ltm virtual /Common/vs_web {
    destination /Common/198.51.100.{{octet}}:80
    ip-protocol tcp
    mask 255.255.255.255
    pool /Common/web_pool
    source 0.0.0.0/0
}
net self /Common/internal {
    address 10.{{octet}}.1.1/24
    traffic-group /Common/traffic-group-local-only
    vlan /Common/internal
}
sys global-settings {
    hostname {{hostname}}
}
{{extra}}`,
};
