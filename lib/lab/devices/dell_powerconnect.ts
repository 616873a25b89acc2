/**
 * Dell PowerConnect 6248 switch (firmware 3.3), as an emulated lab device.
 *
 * @module
 */
import type { LabPlatform } from "../profile.ts";
import { IOS_ERRORS, iosBaseCommands, iosModes, shows } from "./_ioslike.ts";

/** Dell PowerConnect. */
export const DELL_POWERCONNECT: LabPlatform = {
  id: "dell_powerconnect",
  inventory: {
    manufacturer: "DELL",
    vendor: "dell",
    deviceType: "SWITCH",
    make: "PowerConnect",
    model: "PowerConnect 6248",
    operatingSystem: "PowerConnect",
  },
  sshIdent: "OpenSSH_5.0",
  banner: "",
  motd: "\n",
  telnetLogin: {
    username: "User Name:",
    password: "Password:",
    failed: "Incorrect User Name or Password!\n",
  },
  initialMode: "exec",
  modes: iosModes(),
  commands: [
    ...iosBaseCommands({
      paging: ["terminal datadump"],
      subModeWords: ["interface", "vlan"],
      copyStartup: {
        confirm: "\nThis operation may take a few minutes.\n" +
          "Management interfaces will not be available during this time.\n\n" +
          "Are you sure you want to save? (y/n) ",
        output: "\nConfiguration Saved!\n",
      },
    }),
    { words: "terminal length", modes: ["exec", "enable"], args: true, argsRequired: true },
    ...shows({
      "show version": `
Image Descriptions

 image1 : default image
 image2 :


 Images currently available on Flash

--------------------------------------------------------------------
 unit      image1      image2     current-active        next-active
--------------------------------------------------------------------

    1     3.3.18.1     3.3.9.1           image1              image1

`,
      "show system": `System Description: Powerconnect 6248, 3.3.18.1, VxWorks 6.5
System Up Time: {{uptime}}
System Contact:
System Name: {{hostname}}
System Location:
Burned In MAC Address: 0026.B9{{mac0}}.0001
System Object ID: 1.3.6.1.4.1.674.10895.3024
Machine Type: PowerConnect 6248
Serial Number: {{serial}}
`,
      "show clock": "{{hh}}:{{mi}}:{{ss}} UTC(UTC+0:00) {{mon}} {{dd}} {{year}}\nNo time source\n",
      "show interfaces status":
        `Port   Type                            Duplex  Speed    Neg  Link  Flow Control
                                                                State Status
-----  ------------------------------  ------  -------  ---- ----- ------------
1/g1   Gigabit - Level                 Full    1000     Auto Up    Inactive
1/g2   Gigabit - Level                 N/A     Unknown  Auto Down  Inactive
1/g3   Gigabit - Level                 N/A     Unknown  Auto Down  Inactive
`,
      "show ip route": `Route Codes: R - RIP Derived, O - OSPF Derived, C - Connected, S - Static
       B - BGP Derived, IA - OSPF Inter Area

S      0.0.0.0/0 [1/0] via 10.{{octet}}.0.2,   vlan 100
C      10.{{octet}}.0.0/30 [0/1] directly connected,   vlan 100
`,
    }),
  ],
  errors: IOS_ERRORS,
  pager: { prompt: "--More-- or (q)uit", erase: "\r                  \r" },
  runningConfig: `!Current Configuration:
!System Description "Powerconnect 6248, 3.3.18.1, VxWorks 6.5"
!System Software Version 3.3.18.1
!Cut-through mode is configured as disabled
!
configure
vlan database
vlan 100
exit
hostname "{{hostname}}"
stack
member 1 2
exit
ip address none
interface vlan 100
routing
ip address 10.{{octet}}.0.1 255.255.255.252
exit
{{extra}}ip route 0.0.0.0 0.0.0.0 10.{{octet}}.0.2
username "{{username}}" password 5f4dcc3b5aa765d61d8327deb882cf99 level 15 encrypted
exit
`,
};
