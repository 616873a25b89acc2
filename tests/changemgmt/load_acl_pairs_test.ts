/**
 * Redundancy pairs are never loaded at the same time: the second device of
 * a group starts only after the first one was verified, and is held back
 * when the first failed; groups come from an inventory field or a name
 * regex.
 */
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { loadAcls, planAclLoads } from "../../lib/changemgmt/load_acl.ts";
import { redundancyGroup } from "../../lib/changemgmt/redundancy.ts";
import { byDevice, GREEN, world } from "./_world.ts";

Deno.test("loadAcls: the second of a pair starts after the first is verified; a failed first holds it back", async () => {
  await using w = await world([
    { platform: "cisco_ios", name: "core1-a", faults: { slowOutput: 20_000 } },
    { platform: "cisco_ios", name: "core1-b" },
    { platform: "cisco_ios", name: "core2-a", faults: { rejectConfig: true } },
    { platform: "cisco_ios", name: "core2-b" },
    { platform: "cisco_ios", name: "edge9" },
  ], {
    "core1-a": ["edge-in"],
    "core1-b": ["edge-in"],
    "core2-a": ["edge-in"],
    "core2-b": ["edge-in"],
    "edge9": ["edge-in"],
  });
  const plan = await planAclLoads({
    inventory: w.inventory,
    associations: w.associations,
    policy: GREEN,
    acls: ["edge-in"],
  });
  const order: string[] = [];
  const results = byDevice(
    await loadAcls(plan, {
      ...w.options,
      maxConns: 10,
      redundancyGroup: redundancyGroup({ pattern: "^(.*)-[ab]$" })!,
      onEvent: (e) => {
        if (e.kind === "step" && e.step === "connect") order.push(`start ${e.device}`);
        if (e.kind === "result") order.push(`end ${e.result.device}`);
      },
    }),
  );
  strictEqual(results["core1-a"]?.status, "done");
  strictEqual(results["core1-b"]?.status, "done");
  ok(order.indexOf("start core1-b") > order.indexOf("end core1-a"), order.join("\n"));
  strictEqual(results["core2-a"]?.status, "failed");
  strictEqual(results["core2-b"]?.status, "skipped");
  strictEqual(
    results["core2-b"]?.message,
    "core2-b: held back: its redundancy partner core2-a was not verified, so both are never changed at once",
  );
  ok(!order.includes("start core2-b"), "never contacted");
  strictEqual(results["edge9"]?.status, "done");
  // devices outside any group ran alongside the pairs
  ok(order.indexOf("start edge9") < order.indexOf("end core1-a"), order.join("\n"));
  // a load by name is tracked in the queue once it begins: the failed one stays pending
  deepStrictEqual((await w.queue.pending()).map((e) => e.device), ["core2-a"]);
});

Deno.test("redundancyGroup: an inventory field first, then the name pattern; a bad pattern is a settings error", () => {
  const group = redundancyGroup({ field: "pair", pattern: "^(.*)-[ab]$" })!;
  strictEqual(group({ nodeName: "x", pair: "nyc" } as { nodeName: string }), "pair=nyc");
  strictEqual(group({ nodeName: "core1-a" }), "name:core1");
  strictEqual(group({ nodeName: "edge9" }), undefined);
  strictEqual(redundancyGroup({}), undefined);
  throws(() => redundancyGroup({ pattern: "(" }), /Cannot use the redundancy pattern "\("/);
});
