import { ok, strictEqual } from "node:assert/strict";
import { CliEngine } from "../../lib/lab/cli_engine.ts";
import { EmulatedDevice } from "../../lib/lab/emulated_device.ts";
import { LAB_PLATFORM_IDS, LAB_PLATFORMS } from "../../lib/lab/devices/registry.ts";

/** Each platform's paging command, first show command, and error text. */
const EXPECT: Record<string, { paging: string; show: string; seen: RegExp; error: RegExp }> = {
  "cisco_ios": {
    paging: "terminal length 0",
    show: "show version",
    seen: /Cisco IOS Software/,
    error: /% Invalid input detected at '\^' marker\./,
  },
  "juniper_junos": {
    paging: "set cli screen-length 0",
    show: "show version",
    seen: /Junos: 20\.4/,
    error: /unknown command\./,
  },
  "a10_acos": {
    paging: "terminal length 0",
    show: "show version",
    seen: /Advanced Core OS/,
    error: /% Unrecognized command\./,
  },
  "arista_eos": {
    paging: "terminal length 0",
    show: "show version",
    seen: /Arista DCS-7050/,
    error: /% Invalid input/,
  },
  "aruba_aos": {
    paging: "no paging",
    show: "show version",
    seen: /ArubaOS/,
    error: /% Invalid input detected/,
  },
  "brocade_adx": {
    paging: "skip-page-display",
    show: "show version",
    seen: /ServerIron ADX/,
    error: /Invalid input -> /,
  },
  "brocade_mlx": {
    paging: "skip-page-display",
    show: "show version",
    seen: /NetIron 8-slot MLXe/,
    error: /Invalid input -> /,
  },
  "brocade_vdx": {
    paging: "terminal length 0",
    show: "show version",
    seen: /Network Operating System Version/,
    error: /syntax error: unknown command\./,
  },
  "citrix_netscaler": {
    paging: "set cli mode -page OFF",
    show: "show ns version",
    seen: /NetScaler NS13\.1[\s\S]* Done/,
    error: /ERROR: No such command/,
  },
  "dell_powerconnect": {
    paging: "terminal datadump",
    show: "show system",
    seen: /Powerconnect 6248/,
    error: /% Invalid input detected/,
  },
  "foundry_fastiron": {
    paging: "skip-page-display",
    show: "show version",
    seen: /ICX7250/,
    error: /Invalid input -> /,
  },
  "juniper_screenos": {
    paging: "set console page 0",
    show: "get system",
    seen: /SSG-550M/,
    error: /\^-------unknown keyword bogus/,
  },
  "cisco_nxos": {
    paging: "terminal length 0",
    show: "show version",
    seen: /NX-OS/,
    error: /% Invalid command at '\^' marker\./,
  },
  "cisco_asa": {
    paging: "terminal pager 0",
    show: "show version",
    seen: /Adaptive Security Appliance/,
    error: /ERROR: % Invalid input detected/,
  },
  "cisco_iosxr": {
    paging: "terminal length 0",
    show: "show version",
    seen: /IOS XR Software/,
    error: /% Invalid input detected/,
  },
};

function session(platform: string) {
  const p = LAB_PLATFORMS[platform]!;
  const device = new EmulatedDevice({ name: "dev-01", platform: p, index: 0 });
  let out = "";
  let closed = false;
  const engine = new CliEngine({
    platform: p,
    device: device.cli("lab", 1),
    enablePassword: "secret",
    write: (t) => out += t,
    close: () => closed = true,
  });
  engine.start();
  return {
    engine,
    type: (s: string) => engine.feed(s),
    take: () => {
      const t = out;
      out = "";
      return t;
    },
    closed: () => closed,
    device,
  };
}

Deno.test("CliEngine speaks every platform's CLI: paging off, show, error, exit", async (t) => {
  // every platform is also checked through the client (tests/conformance)
  for (const [id, e] of Object.entries(EXPECT)) {
    await t.step(id, () => {
      ok(LAB_PLATFORM_IDS.includes(id), `${id} is emulated`);
      const s = session(id);
      ok(s.take().length > 0, "prints a prompt");
      s.type(e.paging + "\r");
      s.take();
      s.type(e.show + "\r");
      const shown = s.take();
      ok(e.seen.test(shown), `${id} ${e.show}: ${shown.slice(0, 200)}`);
      ok(!/--More--|more/i.test(shown.split("\n").at(-1)!), "no pager after paging off");
      s.type("bogus command here\r");
      const err = s.take();
      ok(e.error.test(err), `${id} error wording: ${JSON.stringify(err)}`);
      let n = 0;
      while (!s.closed() && n++ < 4) s.type("exit\r");
      strictEqual(s.closed(), true, "exit ends the session");
      s.device.close();
    });
  }
});

Deno.test("CliEngine pages show version on IOS until terminal length 0, abbreviations work", () => {
  const s = session("cisco_ios");
  strictEqual(s.take(), "\r\ndev-01>");
  s.type("sh ver\r");
  const first = s.take();
  ok(first.endsWith(" --More-- "), "pager prompt");
  let rest = "";
  for (let i = 0; i < 5 && !rest.endsWith("dev-01>"); i++) {
    s.type(" ");
    rest += s.take();
  }
  ok(rest.includes("Configuration register is 0x2102"));
  ok(rest.endsWith("dev-01>"));
  s.type("enable\r");
  ok(s.take().endsWith("Password: "));
  s.type("wrong\r");
  ok(s.take().includes("% Access denied"));
  s.type("en\r");
  s.take();
  s.type("secret\r");
  ok(s.take().endsWith("dev-01#"));
  s.type("conf t\r");
  ok(s.take().endsWith("dev-01(config)#"));
  s.type("interface Loopback9\r");
  ok(s.take().endsWith("dev-01(config-if)#"));
  s.type(" ip address 192.0.2.9 255.255.255.255\r");
  s.type("end\r");
  ok(s.take().endsWith("dev-01#"));
  s.type("terminal length 0\r");
  s.take();
  s.type("show running-config | include Loopback9\r");
  ok(s.take().includes("interface Loopback9"));
  s.type("sh\r");
  ok(s.take().includes("% Incomplete command."));
});

Deno.test("CliEngine Junos: configure, set, commit changes show configuration", () => {
  const s = session("juniper_junos");
  s.take();
  s.type("set cli screen-length 0\r");
  ok(s.take().includes("Screen length set to 0"));
  s.type("configure\r");
  ok(s.take().includes("[edit]\r\nlab@dev-01# "));
  s.type("set system location building b7\r");
  s.type("commit\r");
  ok(s.take().includes("commit complete"));
  s.type("exit\r");
  ok(s.take().includes("Exiting configuration mode"));
  s.type("show configuration system\r");
  ok(s.take().includes("building b7;"));
  s.type("show foo\r");
  ok(s.take().includes("syntax error, expecting <command>."));
  s.device.close();
});

Deno.test("CliEngine asks a command's question and waits: Enter takes the default, n declines", () => {
  const s = session("cisco_ios");
  s.type("enable\r");
  s.type("secret\r");
  s.take();
  s.type("copy running-config startup-config\r");
  ok(s.take().endsWith("Destination filename [startup-config]? "), "asks, no prompt yet");
  s.type("\r");
  const saved = s.take();
  ok(saved.includes("Building configuration...\r\n[OK]") && saved.endsWith("dev-01#"), saved);
  s.type("copy running-config startup-config\r");
  s.take();
  s.type("n\r");
  const declined = s.take();
  ok(!declined.includes("[OK]") && declined.endsWith("dev-01#"), declined);
  s.device.close();
});
