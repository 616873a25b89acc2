/**
 * The lab's IOS access lists (sequence numbers, as IOS edits and shows
 * them) and the EOS/NX-OS configuration sessions (nothing applied before
 * `commit`), fed keystrokes like a client types them.
 */
import { match, ok, strictEqual } from "node:assert/strict";
import { CliEngine } from "../../lib/lab/cli_engine.ts";
import { EmulatedDevice } from "../../lib/lab/emulated_device.ts";
import { LAB_PLATFORMS } from "../../lib/lab/devices/registry.ts";

function device(platform: string) {
  const dev = new EmulatedDevice({ name: "d1", platform: LAB_PLATFORMS[platform]!, index: 0 });
  const open = (n: number) => {
    let out = "";
    const e = new CliEngine({
      platform: dev.platform,
      device: dev.cli("lab", n),
      enablePassword: "en",
      write: (t) => out += t,
      close: () => {},
    });
    e.start();
    return {
      type(...lines: string[]) {
        out = "";
        for (const l of lines) e.feed(`${l}\r`);
        return out.replaceAll("\r\n", "\n");
      },
    };
  };
  return { open };
}

Deno.test("lab IOS: access lists keep sequence numbers, refuse a number in use, ignore an equal entry", () => {
  const s = device("cisco_ios").open(1);
  s.type("enable", "en", "terminal length 0");
  match(
    s.type("show ip access-lists 101"),
    /Extended IP access list 101\n {4}10 permit tcp any host 10\.1\.1\.10 eq 22\n {4}20 permit icmp any any\n {4}30 deny ip any any log\n/,
  );
  const edit = s.type(
    "configure terminal",
    "ip access-list resequence 101 100 10",
    "ip access-list extended 101",
    "5 permit tcp any any eq 443",
    "7 remark web",
    "5 deny ip any any",
    "permit icmp any any",
    "no 110",
    "exit",
    "end",
  );
  match(edit, /% Duplicate sequence number/);
  const show = s.type("show ip access-lists 101");
  match(
    show,
    / {4}5 permit tcp any any eq 443\n {4}100 permit tcp any host 10\.1\.1\.10 eq 22\n {4}120 deny ip any any log\n/,
  );
  ok(!show.includes("remark"), "show ip access-lists hides remarks");
  match(
    s.type("show running-config | include ^access-list 101"),
    /access-list 101 permit tcp any any eq 443\naccess-list 101 remark web\naccess-list 101 permit tcp any host/,
  );
  // a named list: created, edited, removed; a missing one shows nothing
  s.type("configure terminal", "ip access-list extended E", "permit tcp any any", "exit", "end");
  match(s.type("show ip access-lists E"), /Extended IP access list E\n {4}10 permit tcp any any/);
  s.type("configure terminal", "no ip access-list extended E", "end");
  strictEqual(
    s.type("show ip access-lists E").split("\n").filter((l) => l.includes("E")).length,
    1,
  );
});

for (const platform of ["arista_eos", "cisco_nxos"]) {
  Deno.test(`lab ${platform}: a configuration session applies nothing before commit, abort drops it`, () => {
    const { open } = device(platform);
    const a = open(1);
    const b = open(2);
    a.type("enable", "en", "terminal length 0");
    b.type("enable", "en", "terminal length 0");
    const typed = a.type("configure session s1", "ip access-list T", "10 permit tcp any any");
    match(typed, /\(config-s-s1-if\)#/);
    ok(!b.type("show running-config").includes("ip access-list T"), "not before commit");
    a.type("commit");
    match(
      b.type("show running-config | section access-list T"),
      /ip access-list T\n +10 permit tcp any any/,
    );
    a.type("configure session s2", "no ip access-list T", "abort");
    ok(b.type("show running-config").includes("ip access-list T"), "abort applies nothing");
  });
}
