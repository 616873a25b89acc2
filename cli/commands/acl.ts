/**
 * `trigger acl`: the ACL association database and the load queue.
 *
 * ```
 * trigger acl [-D] [-x] [-d] NAME...          search associations (ACL or device names, prefixes)
 * trigger acl -a ACL [-a ACL] DEVICE...       add explicit associations
 * trigger acl -r ACL [-r ACL] DEVICE...       remove explicit associations
 * trigger acl -i [--escalation] ACL...        queue ACLs for the devices that carry them
 * trigger acl -c ACL...                       clear pending queue entries of ACLs
 * trigger acl -l [--escalation]               list the integrated queue
 * trigger acl -m                              list the manual queue
 * trigger acl --import acls.db | --export F   the original's CSV
 * trigger acl --check-db [--repair]          find (and mend) index drift; exit 1 while any remains
 * ```
 *
 * The store is SQLite at the `aclDbPath` setting, or Redis at `redisUrl` with
 * `--backend redis` (or the `aclDbBackend` setting, `ACL_DB_BACKEND=redis`). Implicit associations come
 * from the `autoaclFile` setting (`AUTOACL_FILE`). Unlike the original,
 * searching does not need `-D`. Exit status: 0 on success, 1 when a search
 * finds nothing or some device was skipped, 2 for bad input.
 *
 * @module
 */
import { Command } from "commander";
import { err, out, UsageError, writeFileAtomic } from "../_io.ts";
import { defaultSettings } from "../../lib/settings/mod.ts";
import { type NetDevice, NetDevices } from "../../lib/netdevices/mod.ts";
import { AclAssociations, type AclStore, LoadQueue } from "../../lib/acl/db/mod.ts";
import { loadAutoAclRules, openAclStore } from "../../lib/resources/mod.ts";
import { isTriggerError } from "../../lib/errors.ts";

interface Opts {
  display?: boolean;
  exact?: boolean;
  deviceNameOnly?: boolean;
  add: string[];
  remove: string[];
  inject?: boolean;
  clear?: boolean;
  list?: boolean;
  listmanual?: boolean;
  escalation?: boolean;
  quiet?: boolean;
  json?: boolean;
  import?: string;
  export?: string;
  backend?: string;
  checkDb?: boolean;
  repair?: boolean;
}

const collect = (v: string, prev: string[]) => [...prev, v];

function user(): string {
  return Deno.env.get("USER") ?? Deno.env.get("LOGNAME") ?? "unknown";
}

/** Builds the `acl` command. */
export function command(): Command {
  return new Command("acl")
    .description("Manage ACL-to-device associations and the ACL load queue")
    .argument("[names...]", "ACL or device names")
    .option("-D, --display", "search associations (the default with names)")
    .option("-x, --exact", "exact names, not prefixes")
    .option("-d, --device-name-only", "match device names only")
    .option("-a, --add <acl>", "add an explicit association (repeatable)", collect, [] as string[])
    .option(
      "-r, --remove <acl>",
      "remove an explicit association (repeatable)",
      collect,
      [] as string[],
    )
    .option("-i, --inject", "queue the named ACLs for loading")
    .option("-c, --clear", "clear pending queue entries of the named ACLs")
    .option("-l, --list", "list the integrated load queue")
    .option("-m, --listmanual", "list the manual load queue")
    .option("--escalation", "escalated entries (with -i or -l)")
    .option("-q, --quiet", "no messages, only the exit status")
    .option("--json", "print JSON")
    .option("--import <file>", "import the original's acls.db CSV")
    .option("--export <file>", "write the explicit associations as acls.db CSV")
    .option("--backend <kind>", "sqlite (default) or redis")
    .option("--check-db", "check that the indexes find all stored data (exit 1 on drift)")
    .option("--repair", "with --check-db: mend what it finds")
    .action(async (names: string[], o: Opts) => {
      const modes = [
        o.add.length || o.remove.length ? "edit" : "",
        o.inject ? "inject" : "",
        o.clear ? "clear" : "",
        o.list ? "list" : "",
        o.listmanual ? "listmanual" : "",
        o.import ? "import" : "",
        o.export ? "export" : "",
        o.checkDb ? "check-db" : "",
      ].filter(Boolean);
      if (o.repair && !o.checkDb) throw new UsageError("--repair goes with --check-db");
      if (o.add.length && o.remove.length) {
        throw new UsageError("Cannot add and remove at once: use -a or -r");
      }
      if (modes.length > 1) {
        throw new UsageError(`Cannot combine ${modes.join(" and ")}: choose one`);
      }
      const mode = modes[0] ?? "display";
      if (["edit", "inject", "clear", "display"].includes(mode) && names.length === 0) {
        throw new UsageError(
          `Cannot ${mode === "edit" ? "change associations" : mode}: name at least one ${
            mode === "edit" ? "device" : "ACL"
          }`,
        );
      }
      if (["list", "listmanual", "import", "export", "check-db"].includes(mode) && names.length) {
        throw new UsageError(`Cannot use names with --${mode}`);
      }
      const settings = defaultSettings();
      const store = await openAclStore(settings, { backend: o.backend }).catch((e) => {
        throw isTriggerError(e, "INVALID_ARGUMENT") ? new UsageError(e.message) : e;
      });
      try {
        const assoc = new AclAssociations(store, await loadAutoAclRules(settings));
        const say = (line: string) => o.quiet || o.json ? undefined : out(line);
        switch (mode) {
          case "edit":
            return await edit(assoc, names, o, say);
          case "display":
            return await display(assoc, names, o);
          case "inject":
            return await inject(assoc, names, o, say);
          case "clear": {
            const q = new LoadQueue(assoc);
            const cleared: Record<string, number> = {};
            for (const acl of names) cleared[acl] = await q.clear(acl);
            if (o.json) out(JSON.stringify({ cleared }));
            for (const [acl, n] of Object.entries(cleared)) {
              say(`cleared ${n} pending entr${n === 1 ? "y" : "ies"} of ${acl}`);
            }
            return;
          }
          case "list":
          case "listmanual":
            return await listQueue(assoc, mode === "listmanual", o);
          case "import": {
            const n = await assoc.importLegacy(await Deno.readTextFile(o.import!), o.import!);
            if (o.json) out(JSON.stringify({ imported: n }));
            say(`imported ${n} association${n === 1 ? "" : "s"} from ${o.import}`);
            return;
          }
          case "export": {
            await writeFileAtomic(o.export!, await assoc.exportLegacy());
            say(`wrote ${o.export}`);
            return;
          }
          case "check-db":
            return await checkDb(store, o.repair === true, o, say);
        }
      } finally {
        await store.close();
      }
    });
}

async function edit(assoc: AclAssociations, names: string[], o: Opts, say: (s: string) => void) {
  const inventory = await NetDevices.load();
  const devices: NetDevice[] = [];
  for (const n of names) {
    try {
      devices.push(inventory.find(n));
    } catch (e) {
      if (!isTriggerError(e, "DEVICE_NOT_FOUND")) throw e;
      if (!o.quiet) err(`skipping ${n}: invalid device`);
      Deno.exitCode = 1;
    }
  }
  if (devices.length === 0) {
    throw new UsageError("Cannot change associations: none of the devices is in the inventory");
  }
  const results: { device: string; acl: string; ok: boolean; message: string }[] = [];
  for (const d of devices) {
    for (const acl of o.add.length ? o.add : o.remove) {
      try {
        const message = o.add.length
          ? await assoc.add(d.nodeName, acl)
          : await assoc.remove(d, acl);
        results.push({ device: d.nodeName, acl, ok: true, message });
        say(message);
      } catch (e) {
        if (!isTriggerError(e, "ASSOCIATION_ERROR")) throw e;
        results.push({ device: d.nodeName, acl, ok: false, message: e.message });
        if (!o.quiet && !o.json) err(e.message);
        Deno.exitCode = 1;
      }
    }
  }
  if (o.json) out(JSON.stringify({ results }));
}

async function display(assoc: AclAssociations, names: string[], o: Opts) {
  const inventory = await NetDevices.load();
  const rows = await assoc.search(names, inventory.all(), {
    exact: o.exact ?? false,
    deviceNameOnly: o.deviceNameOnly ?? false,
  });
  if (o.json) out(JSON.stringify(Object.fromEntries(rows)));
  else for (const [device, acls] of rows) out(`${device.padEnd(39)}  ${acls.join(" ")}`);
  if (rows.length === 0) {
    if (!o.quiet && !o.json) err(`No results for ${JSON.stringify(names)}`);
    Deno.exitCode = 1;
  }
}

async function inject(assoc: AclAssociations, names: string[], o: Opts, say: (s: string) => void) {
  const inventory = await NetDevices.load();
  const q = new LoadQueue(assoc);
  const all = inventory.all();
  const entries = [];
  for (const acl of names) {
    const added = await q.inject(acl, all, { user: user(), escalation: o.escalation ?? false });
    entries.push(...added);
    const devices = added.flatMap((e) => e.device ? [e.device.split(".")[0]] : []);
    say(
      devices.length
        ? `ACL ${added[0]!.acl} injected into the integrated load queue for ${devices.join(", ")}`
        : `ACL ${added[0]!.acl} injected into the manual load queue (no device carries it)`,
    );
  }
  if (o.json) out(JSON.stringify({ entries }));
}

async function listQueue(assoc: AclAssociations, manual: boolean, o: Opts) {
  const q = new LoadQueue(assoc);
  const entries = await q.pending(
    manual ? { manual: true } : { manual: false, escalation: o.escalation ?? false },
  );
  if (o.json) return out(JSON.stringify({ entries }));
  if (entries.length === 0) {
    return out(manual ? "Nothing in the manual queue." : "Nothing in the integrated queue.");
  }
  if (manual) {
    for (const e of entries) out(`${e.acl}\n\tadded by ${e.user} on ${e.queuedAt}\n`);
    return;
  }
  const byAcl = new Map<string, string[]>();
  for (const e of entries) byAcl.set(e.acl, [...(byAcl.get(e.acl) ?? []), e.device!]);
  for (const [acl, devices] of byAcl) out(`${acl.padEnd(39)} ${devices.join(" ")}`);
}

async function checkDb(store: AclStore, repair: boolean, o: Opts, say: (s: string) => void) {
  const r = await store.check({ repair });
  if (o.json) out(JSON.stringify(r));
  for (const p of r.problems) say(`${p.kind}: ${p.detail}`);
  const n = r.problems.length;
  say(
    `checked ${r.devices} device(s) with explicit ACLs and ${r.queueEntries} queue entr${
      r.queueEntries === 1 ? "y" : "ies"
    } (${store.kind}): ${n === 0 ? "no drift" : `${n} problem(s)`}${
      repair && n ? `, ${r.repaired} repaired` : n ? "; run with --repair to mend" : ""
    }`,
  );
  if (n > r.repaired) Deno.exitCode = 1;
}
