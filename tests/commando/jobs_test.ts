/**
 * Named jobs (`trigger job NAME`, the original's Commando plugins) against the
 * lab, through the CLI as a user runs them.
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { labDir, trigger } from "../cli/_lab_dir.ts";

Deno.test("trigger job show_version / gather_info: parsed with the built-in templates and the gnng parser", async () => {
  await using l = await labDir({ devices: 2, vendors: ["cisco_ios", "juniper_junos"] });
  const [ios, junos] = l.lab.devices.map((d) => d.name) as [string, string];
  const v = await trigger(l.env, ["job", "show_version", "--json", ios, junos]);
  strictEqual(v.code, 0, v.err);
  const vj = JSON.parse(v.out);
  match(vj.results[ios][0].parsed[0].VERSION, /^\d+\.\d+/);
  strictEqual(vj.results[junos][0].parsed[0].HOSTNAME, junos);
  const g = await trigger(l.env, ["job", "gather_info", "--json", ios, junos]);
  strictEqual(g.code, 0, g.err);
  const gj = JSON.parse(g.out);
  for (const d of [ios, junos]) {
    const sections = gj.results[d].map((r: { parsed: unknown }) => r.parsed) as unknown[][];
    strictEqual(sections.length, 2, `version and interfaces of ${d}`);
    const interfaces = sections[1] as { name: string; addresses: string[]; aclIn: string[] }[];
    ok(interfaces.some((i) => i.addresses.length > 0), JSON.stringify(interfaces));
    ok(interfaces.every((i) => Array.isArray(i.aclIn)));
  }
});

Deno.test("trigger job config_device: a dry run by default (nothing sent), --push applies the lines", async () => {
  await using l = await labDir({ devices: 1, vendors: ["cisco_ios"] });
  const [r1] = l.lab.devices.map((d) => d.name) as [string];
  const line = "ntp server 192.0.2.77";
  const config = async () =>
    JSON.parse((await trigger(l.env, ["run-cmds", "-c", "show running-config", "--json", r1])).out)
      .results[r1][0].output as string;
  const dry = await trigger(l.env, ["job", "config_device", "--line", line, "--json", r1]);
  strictEqual(dry.code, 0, dry.err);
  deepStrictEqual(JSON.parse(dry.out).plan[r1].lines, [line]);
  ok(!(await config()).includes(line), "the dry run sent nothing");
  const push = await trigger(l.env, ["job", "config_device", "--line", line, "--push", r1]);
  strictEqual(push.code, 0, push.err);
  match(push.err, /load-config audit/);
  ok((await config()).includes(line));
  const bad = await trigger(l.env, ["job", "show_everything", r1]);
  strictEqual(bad.code, 2);
  match(
    bad.err,
    /Unknown job "show_everything" \(known: show_clock, show_version, config_device, gather_info/,
  );
});
