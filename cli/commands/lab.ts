/**
 * `trigger lab up`: start an emulated device lab on 127.0.0.1 and write
 * what a client needs to use it.
 *
 * ```
 * trigger lab up [--devices N] [--vendors LIST] [--out DIR] [--faults SPEC]
 * ```
 *
 * Writes `DIR/netdevices.json` (inventory, the original's JSON format),
 * `DIR/credentials` and `DIR/credentials.key` (a credential store holding
 * the lab login under realms `lab` and `default`), `DIR/known_hosts` and
 * `DIR/lab.json` (plain login and devices: it is a lab). Runs until
 * interrupted (SIGINT/SIGTERM), then stops cleanly.
 *
 * Exit status: 0 after a clean stop, 2 for bad options.
 *
 * @module
 */
import { Command } from "commander";
import { out, UsageError, writeFileAtomic } from "../_io.ts";
import { type Lab, LAB_PLATFORM_IDS, labInventory, startLab } from "../../lib/lab/mod.ts";
import { CredentialStore, DEFAULT_REALM } from "../../lib/credentials/mod.ts";

interface UpOptions {
  devices: string;
  vendors?: string;
  out: string;
  faults?: string;
}

/** Writes the inventory, credentials, known_hosts and lab.json for a running lab. */
export async function writeLabFiles(lab: Lab, dir: string): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  await writeFileAtomic(
    `${dir}/netdevices.json`,
    JSON.stringify(labInventory(lab), null, 2) + "\n",
  );
  await writeFileAtomic(`${dir}/known_hosts`, lab.knownHosts());
  const { username, password, enablePassword } = lab.credentials;
  await writeFileAtomic(
    `${dir}/lab.json`,
    JSON.stringify(
      { username, password, enablePassword, hostKey: lab.hostKey, devices: lab.devices },
      null,
      2,
    ) +
      "\n",
  );
  const store = await CredentialStore.open({
    path: `${dir}/credentials`,
    keyFile: `${dir}/credentials.key`,
  });
  for (const realm of ["lab", DEFAULT_REALM]) {
    await store.set(realm, { username, password, enablePassword });
  }
}

function parseCount(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    throw new UsageError(`Cannot start lab: --devices "${text}" is not a positive integer`);
  }
  return n;
}

async function up(o: UpOptions): Promise<void> {
  const vendors = o.vendors?.split(",").map((v) => v.trim()).filter((v) => v !== "");
  for (const v of vendors ?? []) {
    if (!LAB_PLATFORM_IDS.includes(v)) {
      throw new UsageError(
        `Cannot start lab: unknown platform "${v}" (known: ${LAB_PLATFORM_IDS.join(", ")})`,
      );
    }
  }
  let lab: Lab;
  try {
    lab = await startLab({
      devices: parseCount(o.devices),
      ...(vendors ? { vendors } : {}),
      ...(o.faults ? { faults: o.faults } : {}),
    });
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(e.message);
    throw e;
  }
  const stopped = new Promise<void>((resolve) => {
    const stop = () => {
      Deno.removeSignalListener("SIGINT", stop);
      Deno.removeSignalListener("SIGTERM", stop);
      resolve();
    };
    Deno.addSignalListener("SIGINT", stop);
    Deno.addSignalListener("SIGTERM", stop);
  });
  try {
    await writeLabFiles(lab, o.out);
    const platforms = new Map<string, number>();
    for (const d of lab.devices) platforms.set(d.platform, (platforms.get(d.platform) ?? 0) + 1);
    const faulty = lab.devices.filter((d) => Object.keys(d.faults).length > 0);
    out(`Lab up: ${lab.devices.length} devices on 127.0.0.1 (host key ${lab.hostKey.fingerprint})`);
    out([...platforms].map(([p, n]) => `  ${p}: ${n}`).join("\n"));
    if (faulty.length > 0) {
      out(
        `Faults: ${faulty.map((d) => `${d.name}=${Object.keys(d.faults).join("+")}`).join(", ")}`,
      );
    }
    const first = lab.devices[0]!;
    out(
      `Login: ${lab.credentials.username} / ${lab.credentials.password} (enable: ${lab.credentials.enablePassword})`,
    );
    out(`Files: ${o.out}/netdevices.json, credentials, credentials.key, known_hosts, lab.json`);
    out(
      `Try: ssh -o UserKnownHostsFile=${o.out}/known_hosts -p ${first.ports.ssh} ` +
        `${lab.credentials.username}@127.0.0.1   (${first.name})`,
    );
    out("Press Ctrl-C to stop.");
    await stopped;
  } finally {
    await lab.stop();
  }
  out("Lab stopped.");
}

/** Builds the `lab` command. */
export function command(): Command {
  const lab = new Command("lab").description("run an emulated device lab (SSH, Telnet, NETCONF)");
  lab.command("up")
    .description(
      "start emulated devices on 127.0.0.1 and write inventory, credentials and known_hosts",
    )
    .option("--devices <n>", "number of devices", "20")
    .option(
      "--vendors <list>",
      `comma-separated platforms (default: all: ${LAB_PLATFORM_IDS.join(",")})`,
    )
    .option("--out <dir>", "where to write the lab's files", "./lab")
    .option(
      "--faults <spec>",
      "faults for the last devices: name[=value][@count],... e.g. wrongPassword,slowOutput=200@2",
    )
    .action(async (o: UpOptions) => await up(o));
  return lab;
}
