/**
 * `trigger demo`: the whole toolkit in half a minute, with no hardware.
 *
 * Starts an embedded lab of emulated devices of every vendor on 127.0.0.1,
 * writes its inventory, an encrypted credential store and a known_hosts file
 * to a temporary directory, runs a Commando job on every device with
 * progress, prints a summary, converts and checks an ACL, shows a syntax
 * error with its position, then stops the lab and removes the directory.
 *
 * @module
 */
import { Command } from "commander";
import { err, out } from "../_io.ts";
import { labInventory, startLab } from "../../lib/lab/mod.ts";
import { credentialResolver, CredentialStore } from "../../lib/credentials/mod.ts";
import { NetDevices, profileOf } from "../../lib/netdevices/mod.ts";
import { Commando, deviceExecutor, type VendorHook } from "../../lib/commando/mod.ts";
import type { ExecutorTarget } from "../../lib/commando/executor.ts";
import { AclSyntaxError, parse } from "../../lib/acl/mod.ts";

/** Each device shows its version and its running configuration, in its platform's words. */
const HOOKS: Record<string, VendorHook<ExecutorTarget>> = {
  base: {
    commands: (d) => {
      const p = profileOf(d);
      if (p === undefined) throw new Error(`no platform for ${d.nodeName}`);
      return [p.commands.version, p.commands.runningConfig];
    },
  },
};

const SAMPLE_ACL = `ip access-list extended EDGE-IN
 remark allow web and ssh to the servers
 permit tcp any 192.0.2.0 0.0.0.255 eq www
 permit tcp any 192.0.2.0 0.0.0.255 eq 443
 permit tcp 198.51.100.0 0.0.0.255 host 192.0.2.10 eq 22
 permit icmp any any echo-request
 deny ip any any log
`;

const BROKEN_ACL = `access-list 101 permit tcp any any eq 80
access-list 101 permit tcp any host 10.0.0.1 eq 70000
access-list 101 pemit udp any any
`;

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! : 0;
}

/** Builds the `demo` command. */
export function command(): Command {
  return new Command("demo")
    .description("Run the toolkit end to end against an embedded lab (no hardware needed)")
    .option("--devices <n>", "lab devices", "100")
    .option("--max-conns <n>", "devices worked on at once", "50")
    .action(async (opts: { devices: string; maxConns: string }) => {
      const count = Number(opts.devices);
      const t0 = performance.now();
      const dir = await Deno.makeTempDir({ prefix: "trigger-demo-" });
      out(`Starting a lab of ${count} emulated devices on 127.0.0.1 ...`);
      const lab = await startLab({ devices: count, telnet: false });
      try {
        const platforms = new Set(lab.devices.map((d) => d.platform));
        out(`  ${lab.devices.length} devices up (${platforms.size} platforms) in ${ms(t0)}`);
        // what `trigger lab up` writes: inventory, credentials and key, known_hosts
        await Deno.writeTextFile(
          `${dir}/netdevices.json`,
          JSON.stringify(labInventory(lab), null, 1),
        );
        const store = await CredentialStore.open({
          path: `${dir}/credentials`,
          keyFile: `${dir}/credentials.key`,
        });
        await Deno.writeTextFile(`${dir}/known_hosts`, lab.knownHosts());
        const inventory = await NetDevices.load({ source: `${dir}/netdevices.json` });
        for (const realm of new Set(inventory.all().map((d) => d.realm))) {
          await store.set(realm, {
            username: lab.credentials.username,
            password: lab.credentials.password,
            enablePassword: lab.credentials.enablePassword,
          });
        }
        out(`  wrote ${dir}/{netdevices.json,credentials,credentials.key,known_hosts}`);

        out(
          `\nCommando: version and running configuration of each of ${inventory.all().length} devices (max ${opts.maxConns} at once)`,
        );
        let lastDone = 0;
        const job = new Commando<ExecutorTarget>({
          devices: inventory.all(),
          hooks: HOOKS,
          maxConns: Number(opts.maxConns),
          timeoutMs: 20_000,
          executor: deviceExecutor({
            credentials: credentialResolver(async (r) => {
              const c = await store.get(r);
              if (!c) throw new Error(`no credentials for realm ${r}`);
              return c;
            }),
            hostKeyPolicy: "strict",
            knownHostsPath: `${dir}/known_hosts`,
          }),
          onProgress: (p) => {
            // progress also reports connects: print when the done count reaches a new tenth
            if (p.done !== lastDone && (p.done % 10 === 0 || p.done === p.total)) {
              lastDone = p.done;
              err(
                `  ${p.done}/${p.total} done, ${p.failed} failed, ${
                  p.ratePerSecond.toFixed(0)
                } devices/s`,
              );
            }
          },
        });
        const t1 = performance.now();
        const elapsed: number[] = [];
        const byPlatform = new Map<string, { ok: number; failed: number }>();
        let sample = "";
        for await (const o of job.stream()) {
          elapsed.push(o.elapsedMs);
          const d = inventory.find(o.device);
          const row = byPlatform.get(d.platform ?? "?") ?? { ok: 0, failed: 0 };
          if (o.ok) {
            row.ok++;
            if (!sample && d.platform === "cisco_ios") {
              sample = `${o.device} "show version" (first lines):\n${
                o.results[0]?.output.split("\n").slice(0, 3).map((l) => `    ${l}`).join("\n")
              }`;
            }
          } else {
            row.failed++;
            err(`  ${o.device}: ${o.error.code} ${o.error.message}`);
          }
          byPlatform.set(d.platform ?? "?", row);
        }
        const wall = (performance.now() - t1) / 1000;
        elapsed.sort((a, b) => a - b);
        out(
          `\nSummary: ${elapsed.length} devices in ${wall.toFixed(2)} s (${
            (elapsed.length / wall).toFixed(0)
          } devices/s), per device p50 ${percentile(elapsed, 0.5).toFixed(0)} ms, p95 ${
            percentile(elapsed, 0.95).toFixed(0)
          } ms`,
        );
        out("  platform            ok  failed");
        for (const [p, r] of [...byPlatform].sort()) {
          out(`  ${p.padEnd(18)} ${String(r.ok).padStart(3)}  ${String(r.failed).padStart(6)}`);
        }
        if (sample) out(`  ${sample}`);

        out("\nACL engine (Rust + WebAssembly):");
        const acl = parse(SAMPLE_ACL);
        out(`  parsed "${acl.name}": ${acl.terms.length} terms; as Junos:`);
        out(acl.output("junos").split("\n").map((l) => `    ${l}`).join("\n"));
        for (
          const flow of [
            { src: "203.0.113.9", dst: "192.0.2.20", protocol: "tcp", dport: 443 },
            { src: "203.0.113.9", dst: "192.0.2.10", protocol: "tcp", dport: 22 },
          ]
        ) {
          const r = acl.check(flow);
          out(
            `  ${flow.src} -> ${flow.dst} tcp/${flow.dport}: ${
              r.permitted ? "PERMITTED" : "DENIED"
            } by line ${r.line}`,
          );
        }
        try {
          parse(BROKEN_ACL);
        } catch (e) {
          if (!(e instanceof AclSyntaxError)) throw e;
          out(`  a broken ACL is refused with every error and its position:`);
          for (const d of e.diagnostics) {
            out(`    line ${d.span.line}, column ${d.span.column}: ${d.message}`);
          }
        }
      } finally {
        await lab.stop();
        await Deno.remove(dir, { recursive: true });
      }
      out(`\nLab stopped. Demo done in ${ms(t0)}.`);
    });
}

function ms(t0: number): string {
  return `${((performance.now() - t0) / 1000).toFixed(1)} s`;
}
