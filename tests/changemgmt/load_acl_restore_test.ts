/**
 * IOS-like loads are not atomic: a drop mid-push or a read-back that differs
 * puts the previous list back (on a new session) and says so; the queue
 * entry stays pending with both the failure and the restore's outcome.
 */
import { deepStrictEqual, ok, rejects, strictEqual, throws } from "node:assert/strict";
import { parseFaultSpec } from "../../lib/lab/faults.ts";
import { parse } from "../../lib/acl/acl.ts";
import { AclLoadError } from "../../lib/changemgmt/acl_step.ts";
import { aclDeviceKind, loadAcls, planAclLoads } from "../../lib/changemgmt/load_acl.ts";
import { renderAcl } from "../../lib/changemgmt/acl_platforms.ts";
import { pushAclsCli } from "../../lib/changemgmt/acl_push_ios.ts";
import { replaceLines } from "../../lib/changemgmt/acl_methods.ts";
import { byDevice, GREEN, showRun, world } from "./_world.ts";

const NEW_101 = "access-list 101 permit tcp any any eq 22\naccess-list 101 deny ip any any\n";

async function list101(w: Awaited<ReturnType<typeof world>>, name: string): Promise<string[]> {
  const out = await showRun(w, name, "show running-config | include ^access-list 101 ");
  return out.split("\n").map((l) => l.trim()).filter((l) => l.startsWith("access-list 101"));
}

Deno.test("IOS drop mid-push: the previous list is restored on a new session, entry pending", async () => {
  await using w = await world([
    { platform: "cisco_ios", name: "once", faults: { disconnectMidPush: "once" } },
    { platform: "cisco_ios", name: "always", faults: { disconnectMidPush: true } },
    { platform: "cisco_ios", name: "reject", faults: { rejectConfig: true } },
  ], { once: ["101"], always: ["101"], reject: ["101"] });
  await Deno.writeTextFile(`${w.dir}/acl.101`, NEW_101);
  const before = await list101(w, "once");
  strictEqual(before.length, 3, before.join("\n"));
  await w.queue.inject("101", w.inventory, { user: "alice" });
  const plan = await planAclLoads({
    inventory: w.inventory,
    associations: w.associations,
    policy: GREEN,
    fromQueue: true,
  });
  const steps: string[] = [];
  const results = byDevice(
    await loadAcls(plan, {
      ...w.options,
      timeoutMs: 20_000,
      restoreTimeoutMs: 20_000,
      onEvent: (e) => e.kind === "step" && e.device === "once" && steps.push(e.step),
    }),
  );
  deepStrictEqual(steps, ["convert", "connect", "backup", "push", "restore"]);
  const once = results["once"]!;
  strictEqual(once.status, "failed");
  strictEqual(once.step, "push");
  deepStrictEqual(once.restore?.ok, true, once.message);
  ok(
    /^once: push failed: .*; restored the previous 101 \(read back identical\)$/.test(once.message),
  );
  deepStrictEqual(await list101(w, "once"), before);
  // the line keeps dropping: the restore fails too, and says the list may be partial
  const always = results["always"]!;
  strictEqual(always.restore?.ok, false);
  ok(always.message.includes("restore FAILED"), always.message);
  ok(always.message.includes("101 may be missing or partial"), always.message);
  // a device that refused every line changed nothing: nothing to restore
  deepStrictEqual(results["reject"]?.restore, {
    ok: true,
    message: "101 unchanged on the device (nothing to restore)",
  });
  const pending = await w.queue.pending();
  deepStrictEqual(pending.map((e) => e.device).sort(), ["always", "once", "reject"]);
  // the queue says which: restored (the failure), or an unknown state (loudly)
  for (const e of pending) {
    const r = results[e.device ?? ""]!;
    const want = r.left === "unknown" ? `STATE UNKNOWN: ${r.message}` : r.message;
    ok(e.note?.startsWith(want), e.note ?? "");
  }
  deepStrictEqual(
    [once.left, always.left, results["reject"]?.left],
    ["previous", "unknown", "previous"],
  );
  strictEqual((await w.store.entries({ state: "done" })).length, 0);
});

Deno.test("IOS read-back differs: the previous list is restored, the entry stays pending", async () => {
  // the device acknowledges a line it never stores (as devices drop what they do not support)
  await using w = await world([{
    platform: "cisco_ios",
    name: "r1",
    faults: { ignoreConfig: "192.0.2.99" },
  }], {});
  const before = await list101(w, "r1");
  const d = w.lab.device("r1");
  const kind = aclDeviceKind({ nodeName: "r1", platform: "cisco_ios" });
  using acl = parse(`access-list 101 permit tcp any host 192.0.2.99 eq 22\n${NEW_101}`);
  const wrong = renderAcl(acl, "101", kind);
  const { username, password, enablePassword } = w.lab.credentials;
  const session = {
    credentials: { username, password, enablePassword },
    hostKeyPolicy: "off" as const,
  };
  const steps: string[] = [];
  const error = await pushAclsCli(
    { name: "r1", address: d.address, port: d.ports.ssh, platform: "cisco_ios" },
    [wrong],
    { session, onStep: (s) => void steps.push(s) },
  ).then(() => null, (e: unknown) => e);
  ok(error instanceof AclLoadError, String(error));
  strictEqual(error.step, "verify");
  ok(error.message.startsWith("r1: 101 differs after the load (term 1: expected "), error.message);
  deepStrictEqual(error.restore, {
    ok: true,
    message: "restored the previous 101 (read back identical)",
  });
  deepStrictEqual(steps, ["connect", "backup", "push", "verify", "restore"]);
  deepStrictEqual(await list101(w, "r1"), before);
  // a failure before the first change: no restore attempted
  await rejects(
    pushAclsCli({ name: "r9", address: "127.0.0.1", port: 1, platform: "cisco_ios" }, [wrong], {
      session: { ...session, connectTimeoutMs: 2000 },
    }),
    (e: unknown) => e instanceof AclLoadError && e.step === "connect" && e.restore === undefined,
  );
});

Deno.test("replaceLines: remove the list, then its previous text (or nothing when it was absent)", () => {
  const kind = aclDeviceKind({ nodeName: "r1", platform: "cisco_ios" });
  using acl = parse("ip access-list extended web\n permit tcp any any eq 80\n");
  const r = renderAcl(acl, "web", kind);
  deepStrictEqual(replaceLines([r], ["ip access-list extended web\n deny ip any any\n"]), [
    "no ip access-list extended web",
    "ip access-list extended web",
    "deny ip any any",
  ]);
  deepStrictEqual(replaceLines([r], [""]), ["no ip access-list extended web"]);
});

Deno.test("lab fault spec: disconnectMidPush=once and refuseAfterCommit parse; other values refused", () => {
  deepStrictEqual(parseFaultSpec("disconnectMidPush=once@2,refuseAfterCommit"), [
    { faults: { disconnectMidPush: "once" }, count: 2 },
    { faults: { refuseAfterCommit: true }, count: 1 },
  ]);
  deepStrictEqual(parseFaultSpec("disconnectMidPush"), [
    { faults: { disconnectMidPush: true }, count: 1 },
  ]);
  throws(() => parseFaultSpec("disconnectMidPush=twice"), /value must be "once"/);
});
