/**
 * An MRV LX-4048 console server (LinuxITo 5.3), as an emulated lab device:
 * `host:0 >` for users, `enable` with the superuser password to
 * `host:0 >>`, `config` to `Config:0 >>` (port sub-modes such as
 * `Async 5-5:0 >>`), `save configuration flash`, a `-- MORE --` pager until
 * `no pause`.
 *
 * @module
 */
import type { LabCommand, LabPlatform } from "../profile.ts";

const USER = ["exec", "enable"];
const SU = ["enable"];
const CFG = ["config", "config-port"];
const show = (words: string, output: string): LabCommand => ({ words, modes: USER, output });

/** MRV LX. */
export const MRV_LX: LabPlatform = {
  id: "mrv_lx",
  inventory: {
    manufacturer: "MRV",
    vendor: "mrv",
    deviceType: "CONSOLE",
    make: "LX-4000",
    model: "LX-4048T",
    operatingSystem: "LinuxITo",
  },
  sshIdent: "OpenSSH_3.8.1p1",
  banner: "",
  motd: "\n                     Welcome to the MRV Communications' LX Series Server\n\n" +
    "Port 0 Speed 9600\n",
  telnetLogin: { username: "Login: ", password: "Password: ", failed: "Login incorrect\n" },
  initialMode: "exec",
  modes: [
    { name: "exec", prompt: "{{hostname}}:0 >" },
    { name: "enable", prompt: "{{hostname}}:0 >>", exitTo: "exec" },
    { name: "config", prompt: "Config:0 >>", exitTo: "enable", acceptsConfig: true },
    { name: "config-port", prompt: "Async 5-5:0 >>", exitTo: "config", acceptsConfig: true },
  ],
  enablePrompt: "Password:",
  enableFailed: "Password incorrect\n",
  commands: [
    { words: "enable", modes: USER, action: "enable" },
    { words: "no pause", modes: USER, action: "pagingOff" },
    { words: "pause enable", modes: USER, action: "pagingOn" },
    show(
      "show version",
      `LinuxITo Version 5.3.3 (Apr  3 2008 - 16:08:14)
Hardware: LX-4048T-102AC
Software Version: 5.3.3
Serial Number: {{serial}}
Uptime: {{uptime}}
`,
    ),
    show(
      "show clock",
      "{{hh}}:{{mi}}:{{ss}} UTC {{dow}} {{mon}} {{dd}} {{year}}\n",
    ),
    show(
      "show port async summary",
      `Port  Name              Access      Speed   Status
1     core1-console     Remote      9600    Idle
2     core2-console     Remote      9600    Idle
3     edge1-console     Remote      9600    Idle
4     edge2-console     Remote      9600    Idle
5     Port_5            Remote      9600    Idle
`,
    ),
    { words: "show configuration", modes: SU, action: "showRunning" },
    {
      words: "save configuration flash",
      modes: SU,
      output: "Configuration saved to flash\n",
    },
    { words: "config", modes: SU, action: "configure" },
    {
      words: "port async",
      modes: CFG,
      action: "configLine",
      args: true,
      argsRequired: true,
      enters: "config-port",
    },
    { words: "end", modes: CFG, action: "end" },
    { words: "exit", modes: CFG, action: "exit" },
    { words: "exit", modes: SU, action: "exit" },
    { words: "logout", modes: USER, action: "logout" },
    { words: "exit", modes: ["exec"], action: "logout" },
  ],
  errors: {
    invalid: "{{caret}}\nInvalid input detected at '^' marker.\n",
    incomplete: "Incomplete command.\n",
    ambiguous: "Ambiguous command: {{command}}\n",
    caretIncludesPrompt: true,
  },
  pager: { prompt: "-- MORE --", erase: "\r          \r" },
  runningConfig: `!
! LX Series configuration
!
hostname {{hostname}}
ip address 192.168.{{octet}}.30 mask 255.255.255.0
gateway 192.168.{{octet}}.254
port async 1
 name core1-console
 access remote
exit
port async 2
 name core2-console
 access remote
exit
{{extra}}snmp
 contact lab
exit
`,
};
