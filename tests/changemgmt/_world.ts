/**
 * A lab world for load-acl tests: lab devices, an ACL directory, a SQLite
 * store with associations and queue, and load options.
 */
import { AclAssociations } from "../../lib/acl/db/associations.ts";
import { LoadQueue } from "../../lib/acl/db/load_queue.ts";
import { SqliteAclStore } from "../../lib/acl/db/sqlite_store.ts";
import type { AclStore } from "../../lib/acl/db/store.ts";
import { BouncePolicy } from "../../lib/changemgmt/bounce_policy.ts";
import type { AclLoadResult, LoadAclsOptions } from "../../lib/changemgmt/load_acl.ts";
import { type Lab, type LabDeviceSpec, labInventory, startLab } from "../../lib/lab/mod.ts";
import { NetDevice } from "../../lib/netdevices/net_device.ts";
import { openSession } from "../../lib/session/session.ts";

export const GREEN = BouncePolicy.from({ default: { green: "0-23" } });

export const EDGE = `ip access-list extended edge-in
 remark web servers
 permit tcp any host 192.0.2.10 eq 443
 permit udp 10.0.0.0 0.0.0.255 any eq domain
 deny ip any any log
`;
export const NUMBERED =
  "access-list 115 permit tcp any any eq 22\naccess-list 115 deny ip any any\n";
export const JUNOS = `filter protect-lo {
    term ssh {
        from {
            source-address { 10.0.0.0/8; }
            protocol tcp;
            destination-port 22;
        }
        then accept;
    }
    term rest {
        then discard;
    }
}
`;

export interface World extends AsyncDisposable {
  lab: Lab;
  dir: string;
  store: AclStore;
  associations: AclAssociations;
  queue: LoadQueue;
  inventory: NetDevice[];
  options: LoadAclsOptions;
}

export async function world(
  devices: LabDeviceSpec[],
  acls: Record<string, string[]>,
): Promise<World> {
  const lab = await startLab({ devices, telnet: false });
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/acl.edge-in`, EDGE);
  await Deno.writeTextFile(`${dir}/115`, NUMBERED);
  await Deno.writeTextFile(`${dir}/acl.protect-lo`, JUNOS);
  const store = SqliteAclStore.open(`${dir}/acls.db`);
  const associations = new AclAssociations(store);
  for (const [device, list] of Object.entries(acls)) {
    for (const acl of list) await associations.add(device, acl);
  }
  const queue = new LoadQueue(associations);
  const inventory = labInventory(lab).map((r) => new NetDevice(r));
  const { username, password, enablePassword } = lab.credentials;
  const options: LoadAclsOptions = {
    aclDir: dir,
    queue,
    hostKeyPolicy: "off",
    user: "tester",
    confirmMinutes: 1,
    credentials: () => Promise.resolve({ username, password, enablePassword }),
  };
  return {
    lab,
    dir,
    store,
    associations,
    queue,
    inventory,
    options,
    async [Symbol.asyncDispose]() {
      await lab.stop();
      await store.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

export function byDevice(results: AclLoadResult[]): Record<string, AclLoadResult> {
  return Object.fromEntries(results.map((r) => [r.device, r]));
}

export async function showRun(w: World, name: string, command: string): Promise<string> {
  const d = w.lab.device(name);
  const { username, password, enablePassword } = w.lab.credentials;
  await using s = await openSession(
    { name, address: d.address, port: d.ports.ssh, platform: d.platform },
    { credentials: { username, password, enablePassword }, hostKeyPolicy: "off" },
  );
  return (await s.send(command)).output;
}
