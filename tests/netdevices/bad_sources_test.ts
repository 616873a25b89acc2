import { ok, rejects } from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { builtinSettings } from "../../lib/settings/mod.ts";
import { isTriggerError } from "../../lib/errors.ts";
import { INVENTORY_LOADERS, loadSource, NetDevices } from "../../lib/netdevices/mod.ts";

const BAD = fileURLToPath(new URL("../_fixtures/inventory/bad/", import.meta.url));
const settings = builtinSettings();

async function fails(file: string, ...parts: string[]): Promise<void> {
  await rejects(
    NetDevices.load({ source: `${BAD}${file}`, settings, includeNonProduction: true }),
    (e: unknown) => {
      ok(isTriggerError(e, "INVENTORY_INVALID"), `not INVENTORY_INVALID: ${e}`);
      for (const p of parts) ok(e.message.includes(p), `"${e.message}" lacks "${p}"`);
      return true;
    },
  );
}

Deno.test("Malformed sources fail with file and place", async (t) => {
  await t.step(
    "JSON syntax error: line:column",
    () => fails("syntax.json", `${BAD}syntax.json`, "3:54"),
  );
  await t.step(
    "duplicate nodeName names both records",
    () =>
      fails(
        "duplicate.json",
        'given more than once: "r1.example.net" 2 times',
        "record 1",
        "record 3",
      ),
  );
  await t.step(
    "host:abc is an error, not a dropped suffix",
    () => fails("badport.json", "record 2", 'nodeName "r2.example.net:abc"'),
  );
  await t.step("a record without nodeName", () => fails("noname.json", "record 2", "no nodeName"));
  await t.step(
    "headered CSV with a short row: line number",
    () => fails("columns.csv", 'columns.csv" line 3', "expected 3 columns"),
  );
  await t.step(
    "headerless CSV with one column: line number",
    () => fails("onecolumn.csv", 'onecolumn.csv" line 2', "host,vendor"),
  );
  await t.step(
    "XML not well-formed: line:column",
    () => fails("unclosed.xml", 'unclosed.xml": 4:1'),
  );
  await t.step(
    "XML with another element than <device>",
    () => fails("stray.xml", "found <router>"),
  );
  await t.step(
    "XML device without nodeName: element index",
    () => fails("noname.xml", 'noname.xml" device 2', "no nodeName"),
  );
  await t.step(
    "RANCID line without type: line number",
    () => fails("rancid", 'router.db" line 3', "justaname"),
  );
});

Deno.test("A loader failure is reported even when a later loader succeeds", async () => {
  const dir = await Deno.makeTempDir({ prefix: "trigger-chain-" });
  try {
    // Starts with "[" like JSON, is really CSV: the JSON loader fails, CSV reads it.
    await Deno.writeTextFile(`${dir}/devices.txt`, "[r1.example.net]:2222,juniper,up\n");
    const got = await loadSource(`${dir}/devices.txt`, Object.values(INVENTORY_LOADERS), {
      settings,
    });
    ok(got.loader === "csv" && got.records.length === 1);
    ok(
      got.warnings.length === 1 && got.warnings[0]!.startsWith("json loader: "),
      got.warnings.join(),
    );
    const nd = await NetDevices.load({ source: `${dir}/devices.txt`, settings });
    ok(nd.warnings[0]!.includes("devices.txt"));
    // When every loader fails, each failure is in the error.
    await Deno.writeTextFile(`${dir}/both.txt`, "[oops\n");
    await rejects(
      NetDevices.load({ source: `${dir}/both.txt`, settings }),
      (e: unknown) =>
        isTriggerError(e, "INVENTORY_INVALID") && e.message.includes("json loader:") &&
        e.message.includes("csv loader:"),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
