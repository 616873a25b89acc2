import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { loadSettings } from "../../lib/settings/mod.ts";
import { isTriggerError } from "../../lib/errors.ts";
import { NetDevices } from "../../lib/netdevices/mod.ts";

const FIX = fileURLToPath(new URL("../_fixtures/inventory/netbox/", import.meta.url));

interface Seen {
  url: URL;
  auth: string | null;
}

/** A NetBox-shaped API on 127.0.0.1, port 0, serving the recorded pages. */
async function withNetbox(
  fn: (base: string, seen: Seen[]) => Promise<void>,
  override?: (url: URL) => Response | undefined,
): Promise<void> {
  const pages = [
    await Deno.readTextFile(`${FIX}devices_page1.json`),
    await Deno.readTextFile(`${FIX}devices_page2.json`),
  ];
  const seen: Seen[] = [];
  let base = "";
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    const url = new URL(req.url);
    seen.push({ url, auth: req.headers.get("authorization") });
    const special = override?.(url);
    if (special) return special;
    if (url.pathname !== "/api/dcim/devices/") return new Response("not found", { status: 404 });
    const page = url.searchParams.get("offset") === "2" ? pages[1]! : pages[0]!;
    return new Response(page.replaceAll("{{BASE}}", base), {
      headers: { "content-type": "application/json" },
    });
  });
  base = `http://127.0.0.1:${server.addr.port}`;
  try {
    await fn(base, seen);
  } finally {
    await server.shutdown();
  }
}

const settings = loadSettings({ env: { NETBOX_TOKEN: "0123456789abcdef" } });

Deno.test("NetBox loader follows next links, sends the token, maps the fields", async () => {
  await withNetbox(async (base, seen) => {
    const nd = await NetDevices.load({
      source: `${base}/?site=ams1`,
      settings,
      includeNonProduction: true,
    });
    strictEqual(seen.length, 2, "two pages");
    ok(seen.every((s) => s.auth === "Token 0123456789abcdef"));
    strictEqual(
      seen[0]!.url.searchParams.get("site"),
      "ams1",
      "source query reaches NetBox as a filter",
    );
    strictEqual(seen[0]!.url.searchParams.get("limit"), "1000");
    strictEqual(nd.size, 3, "the unnamed device is skipped");
    deepStrictEqual(
      nd.warnings.filter((w) => w.includes("without a name")).map((w) => w.replace(base, "B")),
      ['netbox loader: "B": skipped 1 device(s) without a name (id 104)'],
    );
    const core = nd.find("core1-ams");
    deepStrictEqual(
      [core.manufacturer, core.vendor, core.deviceType, core.platform, core.address, core.site],
      ["Juniper", "juniper", "ROUTER", "juniper_junos", "192.0.2.10", "ams1"],
    );
    deepStrictEqual(
      [core.model, core.make, core.owningTeam, core.serialNumber, core.assetID, core.coordinate],
      ["MX480", "MX480-PREMIUM2-AC", "Backbone", "JN1234AB", "A-0101", "R01"],
    );
    strictEqual(core.get("siteName"), "Amsterdam 1");
    strictEqual(core.get("room"), "Hall A");
    strictEqual(core.get("change_window"), "sun-02");
    strictEqual(core.get("circuit_count"), "12");
    strictEqual(core.get("operatingSystem"), "junos");
    const leaf = nd.find("leaf7-ams");
    deepStrictEqual([leaf.deviceType, leaf.platform, leaf.adminStatus], [
      "SWITCH",
      "arista_eos",
      "NON-PRODUCTION",
    ]);
    const fw = nd.find("fw1-ams");
    deepStrictEqual([fw.deviceType, fw.platform, fw.isCiscoAsa, fw.address], [
      "FIREWALL",
      "cisco_asa",
      true,
      "2001:db8::1",
    ]);
    deepStrictEqual(nd.match({ change_window: "sat" }).map(String), ["fw1-ams"]);
  });
});

Deno.test("NetBox loader: production filter applies", async () => {
  await withNetbox(async (base) => {
    const nd = await NetDevices.load({ source: base, settings });
    deepStrictEqual(nd.all().map(String), ["core1-ams", "fw1-ams"]);
  });
});

Deno.test("NetBox loader reports HTTP errors and malformed pages", async () => {
  await withNetbox(async (base) => {
    await rejects(
      NetDevices.load({ source: base, settings }),
      (e: unknown) =>
        isTriggerError(e, "IO_ERROR") && e.message.includes("HTTP 403") &&
        e.message.includes("page 1"),
    );
  }, () => Response.json({ detail: "Invalid token" }, { status: 403 }));
  await withNetbox(
    async (base) => {
      await rejects(
        NetDevices.load({ source: base, settings }),
        (e: unknown) =>
          isTriggerError(e, "INVENTORY_INVALID") && e.message.includes("page 2") &&
          e.message.includes("not JSON"),
      );
    },
    (url) => url.searchParams.get("offset") === "2" ? new Response("<html>oops</html>") : undefined,
  );
  await withNetbox(async (base) => {
    await rejects(
      NetDevices.load({ source: base, settings }),
      (e: unknown) =>
        isTriggerError(e, "INVENTORY_INVALID") && e.message.includes("no results list"),
    );
  }, () => Response.json({ count: 0 }));
});
