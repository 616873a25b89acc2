// deno-lint-ignore-file no-console
/**
 * The lab half of `fanout.ts`, run as its own process so that its CPU is
 * measured apart from the client's: starts N `cisco_ios` devices (SSH only,
 * one port each), writes netdevices.json, known_hosts and lab.json to DIR,
 * prints `ready`, and stops cleanly on SIGTERM.
 *
 * Run: deno run -A bench/_fanout_lab.ts N DIR
 *
 * @module
 */
import { labInventory, startLab } from "../lib/lab/mod.ts";

const [count = "100", dir = "."] = Deno.args;
const lab = await startLab({ devices: Number(count), vendors: ["cisco_ios"], telnet: false });
await Deno.writeTextFile(`${dir}/netdevices.json`, JSON.stringify(labInventory(lab)));
await Deno.writeTextFile(`${dir}/known_hosts`, lab.knownHosts());
await Deno.writeTextFile(`${dir}/lab.json`, JSON.stringify(lab.credentials));
Deno.addSignalListener("SIGTERM", async () => {
  await lab.stop();
  Deno.exit(0);
});
console.log("ready");
