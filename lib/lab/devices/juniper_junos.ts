/**
 * Juniper Junos 20.4 on an MX204 router, as an emulated lab device (the CLI;
 * NETCONF is served by `netconf_session.ts` from the same device).
 *
 * @module
 */
import type { LabPlatform } from "../profile.ts";

const OP = ["exec"] as const;
const CFG = ["config"] as const;

const SHOW_VERSION = `Hostname: {{hostname}}
Model: mx204
Junos: 20.4R3-S2.6
JUNOS OS Kernel 64-bit  [20211119.5e6b1d3_builder_stable_11-204ab]
JUNOS OS libs [20211119.5e6b1d3_builder_stable_11-204ab]
JUNOS OS runtime [20211119.5e6b1d3_builder_stable_11-204ab]
JUNOS OS time zone information [20211119.5e6b1d3_builder_stable_11-204ab]
JUNOS network stack and utilities [20220208.135820_builder_junos_204_r3_s2]
JUNOS libs [20220208.135820_builder_junos_204_r3_s2]
JUNOS OS libs compat32 [20211119.5e6b1d3_builder_stable_11-204ab]
JUNOS OS 32-bit compatibility [20211119.5e6b1d3_builder_stable_11-204ab]
JUNOS libs compat32 [20220208.135820_builder_junos_204_r3_s2]
JUNOS runtime [20220208.135820_builder_junos_204_r3_s2]
JUNOS Packet Forwarding Engine Simulation Package [20220208.135820_builder_junos_204_r3_s2]
JUNOS sflow mx [20220208.135820_builder_junos_204_r3_s2]
JUNOS py extensions [20220208.135820_builder_junos_204_r3_s2]
JUNOS py base [20220208.135820_builder_junos_204_r3_s2]
JUNOS OS vmguest [20211119.5e6b1d3_builder_stable_11-204ab]
JUNOS OS crypto [20211119.5e6b1d3_builder_stable_11-204ab]
JUNOS network stack and utilities [20220208.135820_builder_junos_204_r3_s2]
JUNOS mx libs compat32 [20220208.135820_builder_junos_204_r3_s2]
JUNOS mx runtime [20220208.135820_builder_junos_204_r3_s2]
JUNOS RPD Telemetry Application [20.4R3-S2.6]
JUNOS Routing mpls-oam-basic [20.4R3-S2.6]
JUNOS Routing mpls-oam-advanced [20.4R3-S2.6]
JUNOS Routing Layer-2 BFD [20.4R3-S2.6]
JUNOS Routing Layer-2 advanced [20.4R3-S2.6]
JUNOS Routing Controller Telemetry [20.4R3-S2.6]
JUNOS Routing Controller [20.4R3-S2.6]
JUNOS mx platform support [20220208.135820_builder_junos_204_r3_s2]
JUNOS Juniper Malware Removal Tool (JMRT) [1.0.0+20220208.135820_builder_junos_204_r3_s2]
JUNOS J-Insight [20220208.135820_builder_junos_204_r3_s2]
JUNOS jfirmware [20220208.135820_builder_junos_204_r3_s2]
JUNOS Online Documentation [20220208.135820_builder_junos_204_r3_s2]
JUNOS FIPS mode utilities [20220208.135820_builder_junos_204_r3_s2]
`;

const INTERFACES_TERSE = `Interface               Admin Link Proto    Local                 Remote
et-0/0/0                up    up
et-0/0/0.0              up    up   inet     10.{{octet}}.0.1/30
                                   multiservice
et-0/0/1                up    down
xe-0/1/0                up    up
xe-0/1/0.0              up    up   inet     10.{{octet}}.1.1/24
                                   multiservice
xe-0/1/1                up    down
xe-0/1/2                up    down
xe-0/1/3                up    down
bme0                    up    up
bme0.0                  up    up   inet     128.0.0.1/2
                                            128.0.0.4/2
                                            128.0.0.16/2
                                            128.0.0.63/2
cbp0                    up    up
dsc                     up    up
em0                     up    up
em0.0                   up    up   inet     10.0.0.4/8
                                            128.0.0.1/2
em1                     up    up
em1.0                   up    up   inet     10.0.0.4/8
fxp0                    up    up
fxp0.0                  up    up   inet     172.16.{{octet}}.10/24
lo0                     up    up
lo0.0                   up    up   inet     192.0.2.{{octet}}       --> 0/0
lo0.16385               up    up   inet
`;

const SHOW_ROUTE = `
inet.0: 7 destinations, 7 routes (7 active, 0 holddown, 0 hidden)
+ = Active Route, - = Last Active, * = Both

0.0.0.0/0          *[Static/5] 3d 04:12:09
                    >  to 10.{{octet}}.0.2 via et-0/0/0.0
10.{{octet}}.0.0/30        *[Direct/0] 3d 04:12:10
                    >  via et-0/0/0.0
10.{{octet}}.0.1/32        *[Local/0] 3d 04:12:10
                       Local via et-0/0/0.0
10.{{octet}}.1.0/24        *[Direct/0] 3d 04:12:10
                    >  via xe-0/1/0.0
10.{{octet}}.1.1/32        *[Local/0] 3d 04:12:10
                       Local via xe-0/1/0.0
10.200.0.0/16      *[OSPF/10] 3d 04:11:40, metric 2
                    >  to 10.{{octet}}.0.2 via et-0/0/0.0
192.0.2.{{octet}}/32      *[Direct/0] 3d 04:12:10
                    >  via lo0.0
`;

const CONFIG = `system {
    host-name {{hostname}};
    domain-name lab.example.net;
    root-authentication {
        encrypted-password "$6$Lab$V6nUrsiwlK3uWTeLk0dIuVcx/";
    }
    login {
        user {{username}} {
            uid 2001;
            class super-user;
            authentication {
                encrypted-password "$6$Lab$Ho3bP1k5vTgOz7bGb2N2p/";
            }
        }
    }
    services {
        ssh;
        netconf {
            ssh;
        }
    }
    syslog {
        file messages {
            any notice;
        }
    }
}
interfaces {
    et-0/0/0 {
        description "uplink to core";
        unit 0 {
            family inet {
                address 10.{{octet}}.0.1/30;
            }
        }
    }
    xe-0/1/0 {
        unit 0 {
            family inet {
                filter {
                    input protect-re;
                }
                address 10.{{octet}}.1.1/24;
            }
        }
    }
    lo0 {
        unit 0 {
            family inet {
                address 192.0.2.{{octet}}/32;
            }
        }
    }
}
routing-options {
    static {
        route 0.0.0.0/0 next-hop 10.{{octet}}.0.2;
    }
}
protocols {
    ospf {
        area 0.0.0.0 {
            interface et-0/0/0.0;
        }
    }
}
firewall {
    family inet {
        filter protect-re {
            term ssh {
                from {
                    protocol tcp;
                    destination-port ssh;
                }
                then accept;
            }
            term icmp {
                from {
                    protocol icmp;
                }
                then accept;
            }
            term rest {
                then {
                    discard;
                }
            }
        }
    }
}
`;

/** Juniper Junos (CLI part). */
export const JUNIPER_JUNOS: LabPlatform = {
  id: "juniper_junos",
  inventory: {
    manufacturer: "JUNIPER",
    vendor: "juniper",
    deviceType: "ROUTER",
    make: "MX Series",
    model: "MX204",
    operatingSystem: "JUNOS",
  },
  sshIdent: "OpenSSH_7.5",
  banner: "",
  motd: "Last login: {{dow}} {{mon}} {{day}} {{hh}}:{{mi}}:{{ss}} 2024 from 127.0.0.1\n" +
    "--- JUNOS 20.4R3-S2.6 Kernel 64-bit  JNPR-11.0-20211119.5e6b1d3_buil\n",
  telnetLogin: {
    username: "\n{{hostname}} (ttyp0)\n\nlogin: ",
    password: "Password:",
    failed: "Login incorrect\n",
  },
  initialMode: "exec",
  modes: [
    { name: "exec", prompt: "{{username}}@{{hostname}}> " },
    { name: "config", prompt: "{{username}}@{{hostname}}# ", banner: "\n[edit]\n", exitTo: "exec" },
  ],
  commands: [
    {
      words: "set cli screen-length",
      modes: OP,
      action: "pagingOff",
      args: true,
      argsRequired: true,
      output: "Screen length set to 0\n",
    },
    { words: "set cli screen-width", modes: OP, args: true, argsRequired: true },
    { words: "show version", modes: OP, output: SHOW_VERSION },
    { words: "show configuration", modes: OP, action: "showRunning", args: true },
    { words: "show interfaces terse", modes: OP, output: INTERFACES_TERSE },
    { words: "show route", modes: OP, output: SHOW_ROUTE },
    {
      words: "show system uptime",
      modes: OP,
      output: "Current time: {{year}}-{{monNum}}-{{dd}} {{hh}}:{{mi}}:{{ss}} UTC\n" +
        "Time Source:  LOCAL CLOCK \n" +
        "System booted: 2024-01-08 09:12:44 UTC ({{uptime}} ago)\n",
    },
    {
      words: "show chassis hardware",
      modes: OP,
      output: `Hardware inventory:
Item             Version  Part number  Serial number     Description
Chassis                                {{serial}}      JNP204 [MX204]
Midplane         REV 25   750-077138   CAGF1234          MX204
Routing Engine 0          BUILTIN      BUILTIN           RE-S-1600x8
FPC 0                     BUILTIN      BUILTIN           MPC-BUILTIN
`,
    },
    { words: "configure", modes: OP, action: "configure", output: "Entering configuration mode\n" },
    { words: "exit", modes: OP, action: "logout" },
    { words: "quit", modes: OP, action: "logout" },
    { words: "set", modes: CFG, action: "configLine", args: true, argsRequired: true },
    { words: "delete", modes: CFG, action: "configLine", args: true, argsRequired: true },
    { words: "commit", modes: CFG, action: "commit", output: "commit complete\n", args: true },
    { words: "show", modes: CFG, action: "showRunning", args: true },
    { words: "exit", modes: CFG, action: "exit", output: "Exiting configuration mode\n" },
    {
      words: "exit configuration-mode",
      modes: CFG,
      action: "exit",
      output: "Exiting configuration mode\n",
    },
    { words: "quit", modes: CFG, action: "exit", output: "Exiting configuration mode\n" },
    { words: "top", modes: CFG },
  ],
  errors: {
    invalidFirst: "{{caret}}\nunknown command.\n",
    invalid: "{{caret}}\nsyntax error, expecting <command>.\n",
    incomplete: "\nsyntax error, expecting <command>.\n",
    ambiguous: "\n'{{command}}' is ambiguous.\n",
    caretIncludesPrompt: true,
  },
  pager: { prompt: "---(more {{percent}}%)---", erase: "\r" + " ".repeat(30) + "\r" },
  noMorePipes: ["no-more"],
  runningConfig: CONFIG,
  configFormat: "junos",
  logoutMessage: "\n",
};
