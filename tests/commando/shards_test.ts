/**
 * `Commando({ workers })` and `run-cmds --workers N`: devices sharded over
 * threads of this process, credentials asked of the main thread (once per
 * realm), results merged in the order the devices were asked for.
 */
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { labDir, trigger } from "../cli/_lab_dir.ts";
import { Commando, deviceExecutor, NetDevice, Secret } from "../../mod.ts";
import { labInventory } from "../../lib/lab/mod.ts";

Deno.test("Commando({ workers: 2 }): the same results as one thread, in the order asked, credentials from the main thread", async () => {
  await using l = await labDir({
    devices: 6,
    vendors: ["cisco_ios", "juniper_junos", "arista_eos"],
  });
  const devices = labInventory(l.lab).map((r) => new NetDevice(r)).reverse();
  let lookups = 0;
  const c = l.lab.credentials;
  const executor = deviceExecutor({
    credentials: (realm) => {
      lookups++;
      return Promise.resolve({
        realm,
        username: c.username,
        password: new Secret(c.password),
        enablePassword: new Secret(c.enablePassword!),
      });
    },
    knownHostsPath: l.knownHosts,
  });
  const run = (workers: number) =>
    new Commando({ devices, commands: ["show version"], executor, workers }).run();
  const one = await run(1);
  const before = lookups;
  const two = await run(2);
  deepStrictEqual(two.errors, {});
  deepStrictEqual(
    Object.keys(two.results),
    devices.map((d) => d.nodeName),
    "merged in the order asked",
  );
  deepStrictEqual(Object.keys(two.results), Object.keys(one.results));
  for (const d of devices) {
    strictEqual(
      two.results[d.nodeName]![0]!.output.split("\n")[0],
      one.results[d.nodeName]![0]!.output.split("\n")[0],
    );
  }
  strictEqual(
    lookups - before,
    6,
    "each device's credentials come from the main thread's resolver",
  );
});

Deno.test("run-cmds --workers 2: the JSON of --workers 1", async () => {
  await using l = await labDir({ devices: 4, vendors: ["cisco_ios", "arista_eos"] });
  const names = l.lab.devices.map((d) => d.name);
  const a = await trigger(l.env, ["run-cmds", "-c", "show privilege", "--json", ...names, "ghost"]);
  const b = await trigger(l.env, [
    "run-cmds",
    "--workers",
    "2",
    "-c",
    "show privilege",
    "--json",
    ...names,
    "ghost",
  ]);
  strictEqual(b.code, a.code, b.err);
  deepStrictEqual(JSON.parse(b.out), JSON.parse(a.out));
});
