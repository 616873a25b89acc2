import { inspect } from "node:util";
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { builtinSettings, loadSettings } from "../../lib/settings/mod.ts";
import {
  canonicalVendor,
  NetDevice,
  normalizeRecord,
  RECORD_ORIGIN,
} from "../../lib/netdevices/mod.ts";
import { isTriggerError } from "../../lib/errors.ts";

Deno.test("canonicalVendor() maps manufacturers, fixing the original's gaps", async (t) => {
  const cases: [string, string][] = [
    ["CISCO SYSTEMS", "cisco"],
    ["Cisco Systems, Inc.", "cisco"],
    ["cisco", "cisco"],
    ["JUNIPER", "juniper"],
    ["Juniper Networks", "juniper"],
    ["NETSCREEN TECHNOLOGIES", "netscreen"],
    ["PALO ALTO NETWORKS", "paloalto"],
    ["Palo Alto", "paloalto"],
    ["paloalto", "paloalto"],
    ["A10 NETWORKS", "a10"],
    ["F5 Networks", "f5"],
    ["CELESTICA", "cumulus"],
    ["Arista", "arista"],
    ["HEWLETT PACKARD", "hp"],
    ["Acme Optical Widgets", "acme_optical_widgets"],
    ["", "unknown"],
  ];
  for (const [m, v] of cases) {
    await t.step(`${JSON.stringify(m)} → ${v}`, () => strictEqual(canonicalVendor(m), v));
  }
  await t.step("the vendor map in the settings is used", () => {
    const dir = Deno.makeTempDirSync();
    Deno.writeTextFileSync(
      `${dir}/s.json`,
      JSON.stringify({ vendorMap: { "WIDGETS INC": "widget" } }),
    );
    const s = loadSettings({ path: `${dir}/s.json`, env: {} });
    Deno.removeSync(dir, { recursive: true });
    strictEqual(canonicalVendor("Widgets Inc", s), "widget");
    strictEqual(canonicalVendor("Widgets Inc"), "widgets_inc");
  });
});

Deno.test("NetDevice keeps the original's attributes and derives the rest", () => {
  const d = new NetDevice({
    nodeName: "Test1-ABC.net.aol.com",
    manufacturer: "JUNIPER",
    make: "M40 INTERNET BACKBONE ROUTER",
    model: "M40-B-AC",
    site: "LAB",
    owningTeam: " Data Center ",
    onCallID: 17,
    OOBTerminalServerFQDN: "ts1.oob.aol.com",
    OOBTerminalServerTCPPort: "5005",
    loginPW: "",
    enablePW: "bogus",
    rackUnit: "40",
  });
  strictEqual(d.nodeName, "test1-abc.net.aol.com");
  strictEqual(d.key, "test1-abc.net.aol.com");
  strictEqual(d.shortName, "test1-abc");
  strictEqual(d.manufacturer, "JUNIPER");
  strictEqual(d.vendor, "juniper");
  strictEqual(d.deviceType, "ROUTER");
  strictEqual(d.adminStatus, "PRODUCTION");
  strictEqual(d.platform, "juniper_junos");
  strictEqual(d.owningTeam, "Data Center");
  strictEqual(d.get("oncallid"), "17");
  strictEqual(d.get("RackUnit"), "40");
  strictEqual(d.get("loginPW"), undefined, "blank values are absent");
  deepStrictEqual(d.console, { host: "ts1.oob.aol.com", port: 5005 });
  strictEqual(d.enablePW, "bogus");
  strictEqual(d.toJSON().enablePW, "REDACTED");
  for (const shown of [Deno.inspect(d), inspect(d), JSON.stringify(d)]) {
    ok(shown.includes("test1-abc.net.aol.com") && shown.includes("REDACTED"), shown);
    ok(!shown.includes("bogus"), shown);
  }
  strictEqual(String(d), "test1-abc.net.aol.com");
  strictEqual(d.origin, "record");
});

Deno.test("NetDevice predicates", async (t) => {
  const dev = (r: Record<string, string>) => new NetDevice({ nodeName: "x.example.net", ...r });
  await t.step("a Juniper router is only a router", () => {
    const d = dev({ manufacturer: "JUNIPER" });
    deepStrictEqual(
      [
        d.isRouter,
        d.isSwitch,
        d.isFirewall,
        d.isIosLike,
        d.isNetScreen,
        d.isNetscaler,
        d.isBrocadeVdx,
      ],
      [true, false, false, false, false, false, false],
    );
    ok(d.isJuniper);
  });
  await t.step("isCiscoAsa only for a real ASA (not any Cisco firewall)", () => {
    ok(dev({ manufacturer: "CISCO SYSTEMS", deviceType: "FIREWALL", make: "ASA5520" }).isCiscoAsa);
    ok(!dev({ manufacturer: "CISCO SYSTEMS", deviceType: "FIREWALL", make: "FWSM" }).isCiscoAsa);
    ok(!dev({ manufacturer: "CISCO SYSTEMS", deviceType: "ROUTER", make: "ASR1001" }).isCiscoAsa);
    ok(
      dev({ manufacturer: "CISCO SYSTEMS", deviceType: "FIREWALL", platform: "cisco_asa" })
        .isCiscoAsa,
    );
  });
  await t.step("NetScreen: vendor netscreen, or Juniper SSG", () => {
    ok(dev({ manufacturer: "NETSCREEN TECHNOLOGIES" }).isNetScreen);
    ok(dev({ manufacturer: "JUNIPER", deviceType: "FIREWALL", model: "SSG-550M" }).isNetScreen);
    ok(!dev({ manufacturer: "JUNIPER", deviceType: "FIREWALL", model: "SRX345" }).isNetScreen);
  });
  await t.step("Brocade VDX, NetScaler, Nexus, IOS-like, Pica8, Cumulus", () => {
    ok(dev({ manufacturer: "BROCADE", make: "VDX 6740" }).isBrocadeVdx);
    ok(!dev({ manufacturer: "BROCADE", make: "MLXe-16" }).isBrocadeVdx);
    ok(dev({ manufacturer: "CITRIX" }).isNetscaler);
    ok(dev({ manufacturer: "CISCO SYSTEMS", model: "N7K-C7010" }).isCiscoNexus);
    ok(dev({ manufacturer: "ARISTA NETWORKS" }).isIosLike);
    ok(dev({ manufacturer: "PICA8" }).isPica8);
    ok(dev({ manufacturer: "CELESTICA" }).isCumulus);
  });
  await t.step("SSH allowed per vendor and type (settings tables)", () => {
    // the original's tables; the toolkit's defaults are empty (SSH everywhere)
    const settings = loadSettings({
      env: {
        HOME: "/nonexistent",
        SSH_PTY_DISABLED: '{"dell": ["SWITCH"]}',
        SSH_ASYNC_DISABLED: '{"dell": ["SWITCH"], "foundry": ["SWITCH"]}',
      },
    });
    const with_ = (r: Record<string, string>) =>
      new NetDevice({ nodeName: "x.example.net", ...r }, { settings });
    ok(!with_({ manufacturer: "DELL" }).sshPtyEnabled);
    ok(!with_({ manufacturer: "FOUNDRY" }).sshAsyncEnabled);
    ok(with_({ manufacturer: "FOUNDRY" }).sshPtyEnabled);
    ok(
      dev({ manufacturer: "DELL" }).sshPtyEnabled && dev({ manufacturer: "DELL" }).sshAsyncEnabled,
    );
  });
});

Deno.test("NetDevice.platform ids", async (t) => {
  const cases: [Record<string, string>, string | undefined][] = [
    [{ manufacturer: "A10 NETWORKS" }, "a10_acos"],
    [{ manufacturer: "ARISTA NETWORKS" }, "arista_eos"],
    [{ manufacturer: "ARUBA NETWORKS" }, "aruba_aos"],
    [{ manufacturer: "BROCADE", make: "ServerIron ADX 1000" }, "brocade_adx"],
    [{ manufacturer: "BROCADE", make: "NetIron MLXe-8" }, "brocade_mlx"],
    [{ manufacturer: "BROCADE", model: "VDX6740" }, "brocade_vdx"],
    [{ manufacturer: "CITRIX" }, "citrix_netscaler"],
    [{ manufacturer: "CISCO SYSTEMS", model: "WS-C3850-48P" }, "cisco_ios"],
    [{ manufacturer: "CISCO SYSTEMS", operatingSystem: "NX-OS" }, "cisco_nxos"],
    [{ manufacturer: "CISCO SYSTEMS", deviceType: "FIREWALL", model: "ASA5516-X" }, "cisco_asa"],
    [{ manufacturer: "CISCO SYSTEMS", operatingSystem: "IOS-XR" }, "cisco_iosxr"],
    [{ manufacturer: "CISCO SYSTEMS", model: "ASR-9006-AC" }, "cisco_iosxr"],
    [{ manufacturer: "DELL" }, "dell_powerconnect"],
    [{ manufacturer: "FOUNDRY" }, "foundry_fastiron"],
    [{ manufacturer: "JUNIPER", model: "MX960" }, "juniper_junos"],
    [{ manufacturer: "JUNIPER", deviceType: "FIREWALL", make: "SSG-140" }, "juniper_screenos"],
    [{ manufacturer: "NETSCREEN TECHNOLOGIES" }, "juniper_screenos"],
    [{ manufacturer: "CISCO SYSTEMS", platform: "Cisco_IOSXE" }, "cisco_iosxe"],
    // no profile of that id: no platform (it would fail only at connect time)
    [{ manufacturer: "Acme", operatingSystem: "AcmeOS 4" }, undefined],
    [{ manufacturer: "F5 NETWORKS" }, "f5_tmsh"],
    [{ manufacturer: "Palo Alto Networks", model: "PA-3220" }, "paloalto_panos"],
    [{ manufacturer: "Acme" }, undefined],
  ];
  for (const [r, p] of cases) {
    await t.step(`${JSON.stringify(r)} → ${p}`, () => {
      strictEqual(new NetDevice({ nodeName: "x", ...r }).platform, p);
    });
  }
});

Deno.test("NetDevice ports, addresses, transports and realms", async (t) => {
  await t.step("host:port in nodeName", () => {
    const d = new NetDevice({
      nodeName: "lab1:2222",
      manufacturer: "arista",
      address: "127.0.0.1/32",
    });
    strictEqual(d.nodeName, "lab1");
    strictEqual(d.nodePort, 2222);
    strictEqual(d.key, "lab1:2222");
    strictEqual(d.port, 2222);
    strictEqual(d.address, "127.0.0.1");
    deepStrictEqual(d.transports, ["ssh"], "an explicit port pins one transport");
  });
  await t.step("IPv6: bare, and bracketed with a port", () => {
    const bare = new NetDevice({ nodeName: "2001:DB8::1" });
    strictEqual(bare.nodeName, "2001:db8::1");
    strictEqual(bare.nodePort, undefined);
    strictEqual(bare.shortName, "2001:db8::1");
    const withPort = new NetDevice({ nodeName: "[2001:db8::1]:830" });
    strictEqual(withPort.nodeName, "2001:db8::1");
    strictEqual(withPort.key, "[2001:db8::1]:830");
  });
  await t.step("defaults: SSH then telnet on the default ports", () => {
    const d = new NetDevice({ nodeName: "10.1.2.3" });
    strictEqual(d.shortName, "10.1.2.3");
    strictEqual(d.port, 22);
    deepStrictEqual(d.transports, ["ssh", "telnet"]);
    const t2 = new NetDevice({ nodeName: "r", connectProtocol: "TELNET" });
    deepStrictEqual([t2.transports, t2.port], [["telnet"], 23]);
    const noTelnet = loadSettings({ env: { TELNET_ENABLED: "0", SSH_PORT: "8022" } });
    const d3 = new NetDevice({ nodeName: "r" }, { settings: noTelnet });
    deepStrictEqual([d3.transports, d3.port], [["ssh"], 8022]);
  });
  await t.step("realm from the record, else the default realm", () => {
    strictEqual(new NetDevice({ nodeName: "r", realm: "lab" }).realm, "lab");
    strictEqual(new NetDevice({ nodeName: "r" }).realm, builtinSettings().defaultRealm);
  });
  await t.step("deviceStatus (RANCID/CSV) sets adminStatus", () => {
    strictEqual(new NetDevice({ nodeName: "r", deviceStatus: "up" }).adminStatus, "PRODUCTION");
    strictEqual(
      new NetDevice({ nodeName: "r", deviceStatus: "down" }).adminStatus,
      "NON-PRODUCTION",
    );
    strictEqual(
      new NetDevice({ nodeName: "r", deviceStatus: "ticketed" }).adminStatus,
      "NON-PRODUCTION",
    );
  });
  await t.step("bad input is an error naming the record", async (t2) => {
    const bad: [Record<string, unknown>, string][] = [
      [{ nodeName: "r1:abc" }, 'nodeName "r1:abc": port "abc" is not a number'],
      [{ nodeName: "r1:0" }, 'port "0"'],
      [{ nodeName: "r1:70000" }, 'port "70000"'],
      [{ nodeName: "r1", nodePort: "x" }, 'nodePort: port "x"'],
      [{ nodeName: "r1:22", nodePort: 23 }, "disagree"],
      [{ nodeName: ":22" }, "has no host"],
      [{ manufacturer: "JUNIPER" }, "no nodeName"],
      [{ nodeName: "r1", connectProtocol: "rlogin" }, 'connectProtocol "rlogin"'],
    ];
    for (const [r, msg] of bad) {
      await t2.step(JSON.stringify(r), () => {
        throws(
          () => new NetDevice({ ...r, [RECORD_ORIGIN]: '"/x.json" record 4' }),
          (e: unknown) => {
            ok(isTriggerError(e, "INVENTORY_INVALID"));
            ok(e.message.startsWith('Cannot use "/x.json" record 4: '), e.message);
            ok(e.message.includes(msg), e.message);
            return true;
          },
        );
      });
    }
  });
});

Deno.test("NetDevice.hasSsh() reads the banner on the device's own port", async () => {
  const ssh = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const other = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const serve = async (l: Deno.Listener, banner: string) => {
    for await (const c of l) {
      await c.write(new TextEncoder().encode(banner)).catch(() => {});
      c.close();
    }
  };
  const done = [serve(ssh, "SSH-2.0-OpenSSH_9.2\r\n"), serve(other, "220 smtp ready\r\n")];
  try {
    const port = (l: Deno.Listener) => (l.addr as Deno.NetAddr).port;
    strictEqual(await new NetDevice({ nodeName: `127.0.0.1:${port(ssh)}` }).hasSsh(), true);
    strictEqual(await new NetDevice({ nodeName: `127.0.0.1:${port(other)}` }).hasSsh(), false);
    const closed = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const closedPort = port(closed);
    closed.close();
    strictEqual(
      await new NetDevice({ nodeName: `127.0.0.1:${closedPort}` }).hasSsh({ timeoutMs: 2000 }),
      false,
    );
  } finally {
    ssh.close();
    other.close();
    await Promise.allSettled(done);
  }
});

Deno.test("normalizeRecord: keys named like Object.prototype members stay custom fields", () => {
  deepStrictEqual(normalizeRecord({ name: "r1", constructor: "x", toString: "y" }), {
    nodeName: "r1",
    constructor: "x",
    toString: "y",
  });
  // Resolved spellings are cached: a second record with the same keys gives the same result.
  deepStrictEqual(normalizeRecord({ HOSTNAME: "r2", Rack: "A" }), { nodeName: "r2", Rack: "A" });
  deepStrictEqual(normalizeRecord({ HOSTNAME: "r3", Rack: "B" }), { nodeName: "r3", Rack: "B" });
});
