/**
 * load-acl reaches devices through the connection plan like every verb: a
 * Junos device with a key login (it passed the password only), a device of
 * unknown platform (it was treated as cisco_ios), the host key options.
 */
import { ok, strictEqual } from "node:assert/strict";
import { AclAssociations, LoadQueue, SqliteAclStore } from "../../lib/acl/db/mod.ts";
import { BouncePolicy } from "../../lib/changemgmt/bounce_policy.ts";
import { loadAcls, planAclLoads } from "../../lib/changemgmt/load_acl.ts";
import { labInventory, startLab } from "../../lib/lab/mod.ts";
import { NetDevice } from "../../lib/netdevices/net_device.ts";
import { makeClientKey } from "../_servers/sshd.ts";
import { JUNOS } from "./_world.ts";

const GREEN = BouncePolicy.from({ default: { green: "0-23" } });

Deno.test("loadAcls: a Junos device with a key login, and a device of unknown platform", async () => {
  const dir = await Deno.makeTempDir();
  const key = await makeClientKey(dir, "ed25519");
  await using lab = await startLab({
    devices: [{ platform: "juniper_junos", name: "mx1" }, { platform: "cisco_ios", name: "r9" }],
    telnet: false,
    authorizedKeys: [key.publicKey],
  });
  const store = SqliteAclStore.open(":memory:");
  try {
    await Deno.writeTextFile(`${dir}/acl.protect-lo`, JUNOS);
    await Deno.writeTextFile(
      `${dir}/acl.edge`,
      "ip access-list extended edge\n permit ip any any\n",
    );
    await Deno.writeTextFile(`${dir}/known_hosts`, lab.knownHosts());
    const [mxRecord, r9Record] = labInventory(lab);
    // r9: a device whose platform nobody knows: no platform, and a vendor (HP) that has
    // none (it was loaded as cisco_ios; a vendor with a platform derives it, as NetDevices does)
    const r9 = {
      nodeName: "r9",
      vendor: "hp",
      address: r9Record!.address,
      port: Number(r9Record!.nodePort),
      realm: "lab",
    };
    const inventory = [new NetDevice(mxRecord!), r9];
    const associations = new AclAssociations(store);
    await associations.add("mx1", "protect-lo");
    await associations.add("r9", "edge");
    const queue = new LoadQueue(associations);
    await queue.inject("protect-lo", inventory, { user: "t" });
    await queue.inject("edge", inventory, { user: "t" });
    const plan = await planAclLoads({ inventory, associations, policy: GREEN, fromQueue: true });
    const results = await loadAcls(plan, {
      aclDir: dir,
      queue,
      confirmMinutes: 1,
      knownHostsPath: `${dir}/known_hosts`,
      // no password at all: the key logs in
      credentials: () =>
        Promise.resolve({ username: lab.credentials.username, privateKeyPath: key.path }),
    });
    const mx = results.find((r) => r.device === "mx1");
    strictEqual(mx?.status, "done", mx?.message);
    // reported once at planning, never contacted (and it takes no bulk slot)
    const unknown = results.find((r) => r.device === "r9");
    strictEqual(unknown?.status, "skipped");
    ok(/platform is unknown|is not supported/.test(unknown!.message), unknown!.message);
  } finally {
    await store.close();
    await Deno.remove(dir, { recursive: true });
  }
});
