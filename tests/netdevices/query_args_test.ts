/**
 * Query arguments on a source (`path?key=value`) reach the loader that reads
 * them, for every loader; ones a loader does not read are reported, not lost
 * silently. And a damaged SQLite file is an error naming the file.
 */
import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { builtinSettings } from "../../lib/settings/mod.ts";
import { isTriggerError } from "../../lib/errors.ts";
import { INVENTORY_LOADERS, loadSource, NetDevices } from "../../lib/netdevices/mod.ts";

const FIX = fileURLToPath(new URL("../_fixtures/inventory/", import.meta.url));
const ALL = Object.values(INVENTORY_LOADERS);
const settings = builtinSettings();

Deno.test("JSON, XML, CSV: the path before the query is read; unknown arguments are reported", async () => {
  for (
    const [file, loader] of [
      ["netdevices.json", "json"],
      ["netdevices.xml", "xml"],
      ["headerless.csv", "csv"],
      ["headered.csv", "csv"],
    ]
  ) {
    const plain = await loadSource(`${FIX}${file}`, ALL, { settings });
    const got = await loadSource(`${FIX}${file}?table_name=x&site=nyc`, ALL, { settings });
    strictEqual(got.loader, loader);
    strictEqual(got.records.length, plain.records.length, file);
    deepStrictEqual(got.warnings, [
      `${loader} loader: ignored query argument(s) table_name, site of ` +
      `"${FIX}${file}?table_name=x&site=nyc" (it reads: none)`,
    ]);
  }
});

Deno.test("RANCID: ?delimiter= and ?recurse_subdirs= reach the loader", async () => {
  // The single-instance file mixes RANCID 3 ';' and RANCID 2 ':' lines.
  const auto = await NetDevices.load({
    source: `${FIX}rancid_single`,
    settings,
    includeNonProduction: true,
  });
  ok(auto.size >= 2);
  strictEqual(auto.warnings.length, 0, auto.warnings.join());
  await rejects(
    NetDevices.load({ source: `${FIX}rancid_single?delimiter=:`, settings }),
    (e: unknown) =>
      isTriggerError(e, "INVENTORY_INVALID") && e.message.includes('router.db" line 1'),
  );
  await rejects(
    NetDevices.load({ source: `${FIX}rancid_single?delimiter=,`, settings }),
    (e: unknown) => isTriggerError(e) && e.message.includes('delimiter ","'),
  );
  await rejects(
    NetDevices.load({ source: `${FIX}rancid_single?recurse_subdirs=1`, settings }),
    (e: unknown) => isTriggerError(e, "INVENTORY_INVALID"),
  );
  const other = await loadSource(`${FIX}rancid_single?table_name=t`, ALL, { settings });
  ok(other.warnings.some((w) => w.includes("ignored query argument(s) table_name")));
  ok(other.warnings.some((w) => w.includes("it reads: delimiter, recurse_subdirs")));
});

Deno.test("SQLite: a damaged database file is an error naming the file", async () => {
  const dir = await Deno.makeTempDir({ prefix: "trigger-sqlite-bad-" });
  try {
    const file = `${dir}/netdevices.db`;
    const junk = new Uint8Array(4096).fill(0x5a);
    junk.set(new TextEncoder().encode("SQLite format 3\0"));
    await Deno.writeFile(file, junk);
    await rejects(
      NetDevices.load({ source: file, settings }),
      (e: unknown) => isTriggerError(e, "INVENTORY_INVALID") && e.message.includes(`"${file}"`),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
