/**
 * The tables that used to hold platform facts now read the profile: the ACL
 * load kind, the commit and configuration mode of load-config, the save of
 * load-acl, the NETCONF choice, the gnng command — shown with user profiles
 * and against the lab's emulators.
 */
import { deepStrictEqual, match, ok, rejects, strictEqual, throws } from "node:assert/strict";
import { startLab } from "../../lib/lab/mod.ts";
import { getPlatform, registerPlatform, unregisterPlatform } from "../../lib/platforms/mod.ts";
import { aclDeviceKind, renderAcl } from "../../lib/changemgmt/acl_platforms.ts";
import { pushAclsCli } from "../../lib/changemgmt/acl_push_ios.ts";
import { parse } from "../../lib/acl/mod.ts";
import { Commando, configPushExecutor, netAclInfoHooks } from "../../lib/commando/mod.ts";
import { configure, openSession, TRANSPORTS } from "../../lib/session/mod.ts";
import { isTriggerError } from "../../lib/errors.ts";

Deno.test("aclDeviceKind() is the profile's acl section, user profiles included", () => {
  strictEqual(aclDeviceKind({ nodeName: "r1", platform: "cisco_nxos" }).named, "eos");
  strictEqual(aclDeviceKind({ nodeName: "r1", vendor: "cisco" }).numbered, "ios");
  throws(() => aclDeviceKind({ nodeName: "fw1", platform: "cisco_asa" }), (e) => {
    ok(isTriggerError(e, "INVALID_ARGUMENT"));
    match(e.message, /platform "cisco_asa" is not supported \(supported: .*cisco_ios/);
    return true;
  });
  registerPlatform({
    ...getPlatform("cisco_ios"),
    id: "acme_os",
    acl: {
      load: "cli",
      named: "iosxr",
      numbered: "iosxr",
      read: "ios",
      readback: { named: "show acl {name}", numbered: "show acl {name}" },
    },
  });
  try {
    const kind = aclDeviceKind({ nodeName: "a1", platform: "acme_os" });
    const r = renderAcl(parse("access-list 101 permit ip any any\n"), "EDGE", kind);
    strictEqual(r.format, "iosxr");
    strictEqual(r.readback, "show acl EDGE");
  } finally {
    unregisterPlatform("acme_os");
  }
});

Deno.test("gnng runs the profile's command; a platform without one fails that device", async () => {
  const job = new Commando({
    devices: [
      { nodeName: "r1", vendor: "cisco", platform: "cisco_ios", address: "192.0.2.1", port: 22 },
      {
        nodeName: "mx1",
        vendor: "juniper",
        platform: "juniper_junos",
        address: "192.0.2.2",
        port: 22,
      },
      {
        nodeName: "ns1",
        vendor: "citrix",
        platform: "citrix_netscaler",
        address: "192.0.2.3",
        port: 22,
      },
    ],
    hooks: netAclInfoHooks(),
    executor: (_d, cmds) => Promise.resolve(cmds.map((command) => ({ command, output: "" }))),
  });
  const { results, errors } = await job.run();
  deepStrictEqual(results.r1!.map((r) => r.command), ["show running-config"]);
  deepStrictEqual(results.mx1!.map((r) => r.command), ["show configuration interfaces"]);
  ok(isTriggerError(errors.ns1, "INVALID_ARGUMENT"), String(errors.ns1));
  match(errors.ns1!.message, /"citrix_netscaler" has no gnng command/);
});

Deno.test("against the lab: commit, save and the NETCONF choice come from the profile", async (t) => {
  await using lab = await startLab({
    devices: [
      { platform: "cisco_iosxr", name: "xr1" },
      { platform: "cisco_nxos", name: "nx1" },
      { platform: "dell_powerconnect", name: "pc1" },
      { platform: "juniper_screenos", name: "ssg1" },
    ],
    telnet: false,
  });
  const credentials = { ...lab.credentials };
  const options = { credentials, hostKeyPolicy: "off" as const, commandTimeoutMs: 5000 };
  const target = (name: string) => {
    const d = lab.device(name);
    return { name, address: d.address, port: d.ports.ssh, platform: d.platform };
  };

  await t.step("configure() commits on IOS XR, where lines wait for a commit", async () => {
    await using s = await openSession(target("xr1"), options);
    const r = await configure(s, ["interface Loopback9", "description from the test"]);
    deepStrictEqual(r.map((x) => x.command).at(-1), "commit");
    strictEqual(s.mode, "privileged");
    match((await s.send("show running-config")).output, /interface Loopback9/);
  });

  await t.step(
    "Session.saveConfig(): NX-OS copies to startup, Dell answers its question",
    async () => {
      for (const name of ["nx1", "pc1"]) {
        await using s = await openSession(target(name), options);
        const r = await s.saveConfig();
        deepStrictEqual(r.map((x) => x.command), ["copy running-config startup-config"]);
        strictEqual(r[0]!.failed, false, r[0]!.output);
        strictEqual(s.mode, "privileged");
      }
    },
  );

  await t.step("load-acl saves with the platform's command (NX-OS: no write memory)", async () => {
    let log = "";
    const kind = aclDeviceKind({ nodeName: "nx1", platform: "cisco_nxos" });
    const acl = parse("ip access-list extended EDGE\n permit tcp any any eq 22\n");
    await pushAclsCli(target("nx1"), [renderAcl(acl, "EDGE", kind)], {
      session: { ...options, onData: (x: string) => log += x },
    });
    ok(log.includes("copy running-config startup-config"), log.slice(-400));
    ok(!log.includes("write memory"), "write memory was sent to NX-OS");
  });

  await t.step(
    "a ScreenOS device of vendor juniper is configured over its CLI, not NETCONF",
    async () => {
      const push = configPushExecutor({
        credentials: () => Promise.resolve(credentials),
        hostKeyPolicy: "off",
      });
      const d = lab.device("ssg1");
      const ctx = { signal: new AbortController().signal, attempt: 1, connected() {} };
      const out = await push(
        {
          nodeName: "ssg1",
          vendor: "juniper",
          platform: "juniper_screenos",
          address: d.address,
          port: d.ports.ssh,
          realm: "lab",
        },
        ['set address "Trust" "web9" 10.9.9.9 255.255.255.255'],
        ctx,
      );
      deepStrictEqual(out.map((o) => o.failed), [false]);
      await using s = await openSession(target("ssg1"), options);
      match((await s.send("get config")).output, /web9/);
    },
  );
});

Deno.test("configure() stops at the first rejected line and commits nothing", async () => {
  await using lab = await startLab({
    devices: [{ platform: "cisco_iosxr", name: "xr2", faults: { rejectConfig: true } }],
    telnet: false,
  });
  const d = lab.device("xr2");
  await using s = await openSession(
    { name: "xr2", address: d.address, port: d.ports.ssh, platform: "cisco_iosxr" },
    { credentials: { ...lab.credentials }, hostKeyPolicy: "off" },
  );
  await rejects(configure(s, ["interface Loopback9"]), (e) => isTriggerError(e, "COMMAND_FAILED"));
});

Deno.test("the line ending is the profile's: Force10 gets CR LF after every command", async () => {
  await using lab = await startLab({
    devices: [{ platform: "force10_ftos", name: "f10" }],
    telnet: false,
  });
  const d = lab.device("f10");
  const written: string[] = [];
  await using s = await openSession(
    { name: "f10", address: d.address, port: d.ports.ssh, platform: "force10_ftos" },
    {
      credentials: { ...lab.credentials },
      hostKeyPolicy: "off",
      connect: async (target, options, profile) => {
        const t = await TRANSPORTS.ssh(target, options, profile);
        const write = t.write.bind(t);
        t.write = (data) => {
          written.push(typeof data === "string" ? data : new TextDecoder().decode(data));
          return write(data);
        };
        return t;
      },
    },
  );
  const r = await s.send("show version");
  match(r.output, /Force10 Application Software/);
  ok(written.includes("terminal length 0\r\n"), JSON.stringify(written));
  ok(written.includes("show version\r\n"), JSON.stringify(written));
  ok(written.every((w) => !/[^\r]\n/.test(w)), "no bare LF");
});

Deno.test("PicOS: show commands go out with | no-more (no session-wide paging-off exists)", async () => {
  await using lab = await startLab({
    devices: [{ platform: "pica8_picos", name: "p8" }],
    telnet: false,
  });
  const d = lab.device("p8");
  let log = "";
  await using s = await openSession(
    { name: "p8", address: d.address, port: d.ports.ssh, platform: "pica8_picos" },
    { credentials: { ...lab.credentials }, hostKeyPolicy: "off", onData: (x) => log += x },
  );
  const r = await s.send("show interface brief");
  strictEqual(r.command, "show interface brief");
  ok(r.output.startsWith("Interface "), r.output.slice(0, 80));
  match(r.output, /te-1\/1\/24/);
  ok(!/--More--/.test(log), "the pager never showed");
  ok(log.includes("show interface brief | no-more"), log.slice(-300));
  await s.enterMode("configuration");
  const set = await s.send("set system domain-name example.net");
  ok(!set.command.includes("no-more") && !log.includes("domain-name example.net | no-more"));
});

Deno.test("load-acl on IOS XR: its own dialect, committed, read back with show running-config ipv4 access-list", async () => {
  await using lab = await startLab({
    devices: [{ platform: "cisco_iosxr", name: "xr3" }],
    telnet: false,
  });
  const d = lab.device("xr3");
  const target = { name: "xr3", address: d.address, port: d.ports.ssh, platform: "cisco_iosxr" };
  const options = { credentials: { ...lab.credentials }, hostKeyPolicy: "off" as const };
  const kind = aclDeviceKind({ nodeName: "xr3", platform: "cisco_iosxr" });
  const acl = parse(
    "ip access-list extended EDGE\n permit tcp any host 192.0.2.1 eq 80\n deny ip any any\n",
  );
  const rendered = renderAcl(acl, "EDGE", kind);
  strictEqual(rendered.format, "iosxr");
  strictEqual(rendered.readback, "show running-config ipv4 access-list EDGE");
  const [cmp] = await pushAclsCli(target, [rendered], { session: options });
  deepStrictEqual([cmp!.equal, cmp!.terms], [true, 2]);
  await using s = await openSession(target, options);
  const shown = (await s.send("show running-config ipv4 access-list EDGE")).output;
  match(
    shown,
    /^ipv4 access-list EDGE\n 10 permit tcp any host 192\.0\.2\.1 eq 80\n 20 deny ipv4 any any/,
  );
  ok(!shown.includes("interface"), shown);
});
