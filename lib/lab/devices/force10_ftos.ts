/**
 * Dell Force10 S4810 switch running FTOS 8.3, as an emulated lab device:
 * `host>` / `host#` with `enable`, `configure` to `host(conf)#`, interface
 * modes such as `host(conf-if-te-0/1)#`, `% Error:` messages under a caret,
 * `--More--` until `terminal length 0`.
 *
 * @module
 */
import type { LabPlatform } from "../profile.ts";
import { iosBaseCommands, iosModes, PRIV, shows } from "./_ioslike.ts";

/** Dell Force10 FTOS. */
export const FORCE10_FTOS: LabPlatform = {
  id: "force10_ftos",
  inventory: {
    manufacturer: "FORCE10",
    vendor: "force10",
    deviceType: "SWITCH",
    make: "S-Series",
    model: "S4810",
    operatingSystem: "FTOS",
  },
  sshIdent: "OpenSSH_5.2",
  banner: "",
  motd: "",
  telnetLogin: { username: "Login: ", password: "Password: ", failed: "% Login incorrect\n" },
  initialMode: "exec",
  modes: iosModes({ config: "{{hostname}}(conf)#", sub: "{{hostname}}(conf-if-te-0/1)#" }),
  enablePrompt: "Password: ",
  enableFailed: "% Error: Bad passwords\n",
  commands: [
    // FTOS words these differently from IOS; listed first, they win over the shared ones
    {
      words: "write memory",
      modes: PRIV,
      output:
        "!\n{{mon}} {{dd}} {{hh}}:{{mi}}:{{ss}}: %STKUNIT0-M:CP %FILEMGR-5-FILESAVED: Copied running-config to startup-config in flash by default\n",
    },
    { words: "configure", modes: PRIV, action: "configure" },
    ...iosBaseCommands({
      paging: ["terminal length 0"],
      subModeWords: ["interface", "router", "ip access-list"],
      configBanner: "",
      copyStartup: {
        confirm: "File with same name already exist.\nProceed to copy the file [confirm yes/no]: ",
        output: "!\n5849 bytes successfully copied\n",
      },
    }),
    ...shows({
      "show version": `Force10 Networks Real Time Operating System Software
Force10 Operating System Version: 1.0
Force10 Application Software Version: 8.3.12.1
Copyright (c) 1999-2012 by Force10 Networks, Inc.
Build Time: Tue Sep 25 21:06:47 PDT 2012
Build Path: /sites/sjc/work/build/buildSpaces/build20/E8-3-12/SW/SRC
{{hostname}} uptime is {{uptime}}

System image file is "system://A"

System Type: S4810
Control Processor: Freescale QorIQ P2020 with 2147483648 bytes of memory.

128M bytes of boot flash memory.

  1 52-port GE/TE/FG (SE)
 48 Ten GigabitEthernet/IEEE 802.3 interface(s)
  4 Forty GigabitEthernet/IEEE 802.3 interface(s)
`,
      "show clock": "{{hh}}:{{mi}}:{{ss}}.{{ms}} UTC {{dow}} {{mon}} {{dd}} {{year}}\n",
      "show interfaces status": `Port     Description  Status Speed     Duplex Vlan
Te 0/0   uplink to co Up     10000 Mbit Full   --
Te 0/1                Down   Auto       Auto   1
Te 0/2                Down   Auto       Auto   1
`,
      "show ip interface brief":
        `Interface                  IP-Address      OK? Method Status                Protocol
TenGigabitEthernet 0/0     10.{{octet}}.0.1       YES Manual up                    up
TenGigabitEthernet 0/1     unassigned      NO  Manual administratively down down
ManagementEthernet 0/0     192.168.{{octet}}.10   YES Manual up                    up
`,
    }),
  ],
  errors: {
    invalid: '{{caret}}\n% Error: Invalid input at "^" marker.\n',
    incomplete: "% Error: Incomplete command.\n",
    ambiguous: "% Error: Ambiguous command.\n",
    caretIncludesPrompt: true,
  },
  pager: { prompt: " --More-- ", erase: "\b".repeat(10) + " ".repeat(10) + "\b".repeat(10) },
  runningConfig: `Current Configuration ...
! Version 8.3.12.1
! Last configuration change at {{dow}} {{mon}} {{dd}} 09:15:02 {{year}} by {{username}}
!
boot system stack-unit 0 primary system: A:
!
hostname {{hostname}}
!
enable password 7 b125455cf679b208e79b910e85789edf
!
username {{username}} password 7 d7acc8a1dcd4f698 privilege 15
!
interface TenGigabitEthernet 0/0
 description uplink to core
 ip address 10.{{octet}}.0.1/30
 ip access-group EDGE-IN in
 no shutdown
!
interface TenGigabitEthernet 0/1
 no ip address
 shutdown
!
interface ManagementEthernet 0/0
 ip address 192.168.{{octet}}.10/24
 no shutdown
!
ip access-list extended EDGE-IN
 seq 5 permit tcp any any eq 22
 seq 10 deny ip any any
!
{{extra}}ip route 0.0.0.0/0 10.{{octet}}.0.2
!
line console 0
line vty 0
end
`,
};
