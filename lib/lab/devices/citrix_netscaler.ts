/**
 * Citrix NetScaler (ADC) 13.1 VPX, as an emulated lab device: one `>` mode,
 * every successful command ends with ` Done`.
 *
 * @module
 */
import type { LabCommand, LabPlatform } from "../profile.ts";

const M = ["exec"];
const DONE = " Done\n";

const out = (words: string, text: string): LabCommand => ({ words, modes: M, output: text + DONE });
const conf = (words: string): LabCommand => ({
  words,
  modes: M,
  action: "configLine",
  args: true,
  argsRequired: true,
  output: DONE,
});

/** Citrix NetScaler. */
export const CITRIX_NETSCALER: LabPlatform = {
  id: "citrix_netscaler",
  inventory: {
    manufacturer: "CITRIX",
    vendor: "citrix",
    deviceType: "SWITCH",
    make: "NetScaler VPX",
    model: "NSVPX-ESX",
    operatingSystem: "NetScaler",
  },
  sshIdent: "OpenSSH_7.8",
  banner: "###############################################################################\n" +
    "#                                                                             #\n" +
    "#        WARNING: Access to this system is for authorized users only          #\n" +
    "#                                                                             #\n" +
    "###############################################################################\n",
  motd: "Last login: {{dow}} {{mon}} {{day}} {{hh}}:{{mi}}:{{ss}} {{year}} from 127.0.0.1\n Done\n",
  telnetLogin: { username: "login: ", password: "Password:", failed: "Login incorrect\n" },
  initialMode: "exec",
  modes: [{ name: "exec", prompt: "> " }],
  commands: [
    {
      words: "set cli mode",
      modes: M,
      action: "pagingOff",
      args: true,
      argsRequired: true,
      output: DONE,
    },
    out(
      "show ns version",
      "\tNetScaler NS13.1: Build 37.38.nc, Date: Nov 23 2022, 04:42:36   (64-bit)\n",
    ),
    out(
      "show ns hardware",
      `\tPlatform: NSVPX-ESX 450000
\tManufactured on: 8/19/2010
\tCPU: 2600MHZ
\tHost Id: 1858782083
\tSerial no: {{serial}}
\tEncoded serial no: {{serial}}
\tNetscaler UUID: 6ea0c2a2-1a1c-11ee-b7d9-0050569d{{mac0}}
`,
    ),
    { words: "show ns runningConfig", modes: M, action: "showRunning", output: DONE },
    out(
      "show ns ip",
      `        Ipaddress        Traffic Domain  Type             Mode     Arp      Icmp     Vserver  State
        ---------        --------------  ----             ----     ---      ----     -------  ------
1)      10.{{octet}}.0.10       0               NetScaler IP     Active   Enabled  Enabled  NA       Enabled
2)      10.{{octet}}.1.20       0               SNIP             Active   Enabled  Enabled  NA       Enabled
`,
    ),
    out(
      "show route",
      `        Network          Netmask          Gateway/OwnedIP  VLAN  State  Traffic Domain  Type
        -------          -------          ---------------  ----  -----  --------------  ----
1)      0.0.0.0          0.0.0.0          10.{{octet}}.0.2         0     UP     0              STATIC
2)      127.0.0.0        255.0.0.0        127.0.0.1        0     UP     0              PERMANENT
3)      10.{{octet}}.0.0         255.255.255.0    10.{{octet}}.0.10        0     UP     0              DIRECT
`,
    ),
    out(
      "show interface",
      `1)      Interface 0/1 (NetScaler Virtual Interface) #0
        flags=0xe460 <ENABLED, UP, UP, autoneg, HAMON, HEARTBEAT, 802.1q>
        MTU=1500, native vlan=1, MAC=00:50:56:9d:{{octet}}:01, uptime 76h12m02s
        Requested: media AUTO, speed AUTO, duplex AUTO, fctl OFF,
                 throughput 0
`,
    ),
    out("show ns time", "\t{{dow}} {{mon}} {{day}} {{hh}}:{{mi}}:{{ss}} {{year}}\n"),
    conf("add"),
    conf("set"),
    conf("bind"),
    conf("unbind"),
    conf("rm"),
    { words: "save ns config", modes: M, output: DONE },
    { words: "save config", modes: M, output: DONE },
    { words: "exit", modes: M, action: "logout", output: "Bye!\n" },
    { words: "quit", modes: M, action: "logout", output: "Bye!\n" },
  ],
  errors: {
    invalid: "ERROR: No such command\n",
    incomplete: "ERROR: Incomplete command\n",
    ambiguous: "ERROR: Ambiguous command\n",
    caretIncludesPrompt: false,
  },
  pager: { prompt: "--More--", erase: "\r        \r" },
  runningConfig: `#NS13.1 Build 37.38
# Last modified by \`save config\`, Mon Jan  8 09:15:02 2024
set ns config -IPAddress 10.{{octet}}.0.10 -netmask 255.255.255.0
set ns hostName {{hostname}}
enable ns feature LB SSL
add ns ip 10.{{octet}}.1.20 255.255.255.0 -vServer DISABLED
add route 0.0.0.0 0.0.0.0 10.{{octet}}.0.2
add server web1 10.{{octet}}.1.10
add service svc_web1 web1 HTTP 80
add lb vserver vs_web HTTP 198.51.100.{{octet}} 80
bind lb vserver vs_web svc_web1
{{extra}}`,
};
