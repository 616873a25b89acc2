/**
 * Palo Alto Networks PA-3220 firewall on PAN-OS 10.1, as an emulated lab
 * device: operational mode `user@host> `, `configure` to `user@host# ` under
 * an `[edit]` line, `set`/`delete` kept in the candidate until `commit`,
 * configuration shown as set commands (`set cli config-output-format set`),
 * `Unknown command:` / `Invalid syntax.` errors.
 *
 * @module
 */
import type { LabCommand, LabPlatform } from "../profile.ts";

const OP = ["exec"];
const CFG = ["config"];
const op = (words: string, output: string): LabCommand => ({ words, modes: OP, output });
const conf = (words: string): LabCommand => ({
  words,
  modes: CFG,
  action: "configLine",
  args: true,
  argsRequired: true,
});

/** Palo Alto PAN-OS. */
export const PALOALTO_PANOS: LabPlatform = {
  id: "paloalto_panos",
  inventory: {
    manufacturer: "PALO ALTO NETWORKS",
    vendor: "paloalto",
    deviceType: "FIREWALL",
    make: "PA-3200 Series",
    model: "PA-3220",
    operatingSystem: "PAN-OS",
  },
  sshIdent: "OpenSSH_7.4",
  banner: "",
  motd: "Last login: {{dow}} {{mon}} {{day}} {{hh}}:{{mi}}:{{ss}} {{year}} from 127.0.0.1\n\n" +
    "Number of failed attempts since last successful login: 0\n\n\n",
  telnetLogin: { username: "login: ", password: "Password: ", failed: "Login incorrect\n" },
  initialMode: "exec",
  modes: [
    { name: "exec", prompt: "{{username}}@{{hostname}}> " },
    { name: "config", prompt: "{{username}}@{{hostname}}# ", exitTo: "exec", banner: "[edit]\n" },
  ],
  commands: [
    { words: "set cli pager off", modes: OP, action: "pagingOff" },
    { words: "set cli pager on", modes: OP, action: "pagingOn" },
    { words: "set cli scripting-mode", modes: OP, args: true, argsRequired: true },
    { words: "set cli config-output-format", modes: OP, args: true, argsRequired: true },
    op(
      "show system info",
      `
hostname: {{hostname}}
ip-address: 192.168.{{octet}}.1
netmask: 255.255.255.0
default-gateway: 192.168.{{octet}}.254
mac-address: 00:1b:17:{{octet}}:00:01
time: {{dow}} {{mon}} {{day}} {{hh}}:{{mi}}:{{ss}} {{year}}
uptime: 3 days, 4:05:06
family: 3200
model: PA-3220
serial: {{serial}}
sw-version: 10.1.9
global-protect-client-package-version: 0.0.0
app-version: 8707-8056
threat-version: 8707-8056
url-filtering-version: 20230601.20138
logdb-version: 10.1.2
platform-family: 3200
multi-vsys: off
operational-mode: normal
`,
    ),
    op("show clock", "{{dow}} {{mon}} {{dd}} {{hh}}:{{mi}}:{{ss}} UTC {{year}}\n"),
    op(
      "show interface all",
      `
total configured hardware interfaces: 2

name                    id    speed/duplex/state            mac address
--------------------------------------------------------------------------------
ethernet1/1             16    10000/full/up                 00:1b:17:{{octet}}:00:10
ethernet1/2             17    10000/full/up                 00:1b:17:{{octet}}:00:11

total configured logical interfaces: 2

name                id    vsys zone             forwarding               tag    address
------------------- ----- ---- ---------------- ------------------------ ------ ------------------
ethernet1/1         16    1    untrust          vr:default               0      198.51.100.{{octet}}/24
ethernet1/2         17    1    trust            vr:default               0      10.{{octet}}.0.1/24
`,
    ),
    { words: "show config running", modes: OP, action: "showRunning" },
    { words: "show", modes: CFG, action: "showRunning" },
    {
      words: "configure",
      modes: OP,
      action: "configure",
      output: "Entering configuration mode\n",
    },
    conf("set"),
    conf("delete"),
    {
      words: "commit",
      modes: CFG,
      action: "commit",
      args: true,
      output: "Commit job 1203 is in progress. Use Ctrl+C to return to command prompt\n" +
        "...55%....75%...98%.......100%\nConfiguration committed successfully\n",
    },
    { words: "exit", modes: CFG, action: "exit" },
    { words: "quit", modes: CFG, action: "exit" },
    { words: "exit", modes: OP, action: "logout" },
    { words: "quit", modes: OP, action: "logout" },
  ],
  errors: {
    invalid: "\nInvalid syntax.\n\n",
    invalidFirst: "Unknown command: {{token}}\n",
    incomplete: "\nInvalid syntax.\n\n",
    ambiguous: "\nInvalid syntax.\n\n",
    caretIncludesPrompt: false,
  },
  pager: { prompt: "lines 1-23 ", erase: "\r           \r" },
  configFormat: "flat",
  runningConfig: `set deviceconfig system hostname {{hostname}}
set deviceconfig system ip-address 192.168.{{octet}}.1
set deviceconfig system netmask 255.255.255.0
set deviceconfig system default-gateway 192.168.{{octet}}.254
set network interface ethernet ethernet1/1 layer3 ip 198.51.100.{{octet}}/24
set network interface ethernet ethernet1/2 layer3 ip 10.{{octet}}.0.1/24
set zone untrust network layer3 ethernet1/1
set zone trust network layer3 ethernet1/2
set address web1 ip-netmask 10.{{octet}}.0.10/32
set rulebase security rules allow-web from untrust to trust source any destination web1 application web-browsing service application-default action allow
{{extra}}set mgt-config users {{username}} permissions role-based superuser yes
`,
};
