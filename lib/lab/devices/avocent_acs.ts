/**
 * An Avocent ACS 6048 console server (firmware 3.6), as an emulated lab
 * device: its CLI at `--:- / cli-> `, `show` of absolute paths, `set`
 * changes held until `commit` (`revert` drops them), `Error:` messages. No
 * pager.
 *
 * @module
 */
import type { LabCommand, LabPlatform } from "../profile.ts";

const M = ["cli"];
const show = (words: string, output: string): LabCommand => ({ words, modes: M, output });

/** Avocent ACS 6000. */
export const AVOCENT_ACS: LabPlatform = {
  id: "avocent_acs",
  inventory: {
    manufacturer: "AVOCENT",
    vendor: "avocent",
    deviceType: "CONSOLE",
    make: "ACS 6000",
    model: "ACS6048",
    operatingSystem: "ACS",
  },
  sshIdent: "OpenSSH_6.6",
  banner: "",
  motd: "Welcome to ACS6048 {{hostname}}\n",
  telnetLogin: { username: "login: ", password: "Password: ", failed: "Login incorrect\n" },
  initialMode: "cli",
  modes: [{ name: "cli", prompt: "--:- / cli-> " }],
  commands: [
    show(
      "show /system/information",
      `type: ACS6048
name: {{hostname}}
part number: ACS6048DAC-400
serial number: {{serial}}
bootcode version: 1.17
firmware version: 3.6.0.19
cpu: PowerPC 8xx
power supply #1 state: powered on
power supply #2 state: powered on
uptime: {{uptime}}
`,
    ),
    show(
      "show /system/general",
      `hostname: {{hostname}}
domain: lab.example.net
date and time: {{year}}-{{monNum}}-{{dd}} {{hh}}:{{mi}}:{{ss}} UTC
`,
    ),
    show(
      "show /network/settings",
      `ipv4 method: static
ipv4 address: 192.168.{{octet}}.20
ipv4 mask: 255.255.255.0
ipv4 default gateway: 192.168.{{octet}}.254
`,
    ),
    { words: "show /ports/serial_ports", modes: M, action: "showRunning" },
    { words: "set", modes: M, action: "configLine", args: true, argsRequired: true },
    { words: "commit", modes: M, action: "commit" },
    { words: "revert", modes: M },
    { words: "cd", modes: M, args: true },
    { words: "exit", modes: M, action: "logout" },
    { words: "quit", modes: M, action: "logout" },
  ],
  errors: {
    invalid: "Error: Invalid parameter: {{token}}\n",
    invalidFirst: "Error: Invalid command: {{token}}\n",
    incomplete: "Error: Missing parameter\n",
    ambiguous: "Error: Ambiguous command: {{command}}\n",
    caretIncludesPrompt: false,
  },
  // the CLI does not page
  pager: { prompt: "", lines: 1_000_000, erase: "" },
  configFormat: "flat",
  runningConfig:
    `  port  name             status    speed  parity  data bits  stop bits  flow control  protocol
  ----  ---------------  --------  -----  ------  ---------  ---------  ------------  --------
  1     core1-console    enabled   9600   none    8          1          none          ssh
  2     core2-console    enabled   9600   none    8          1          none          ssh
  3     edge1-console    enabled   9600   none    8          1          none          ssh
  4     edge2-console    enabled   9600   none    8          1          none          ssh
  5     ttyS5            disabled  9600   none    8          1          none          ssh
{{extra}}`,
};
