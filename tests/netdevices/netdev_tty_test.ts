/**
 * `trigger netdev` on a real terminal (tmux): the table, and the menu for an
 * ambiguous `-l`.
 */
import { deepStrictEqual, ok } from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { shq, Tmux } from "../cli/_tmux.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FIX = `${ROOT}tests/_fixtures/inventory/netdevices.json`;

async function netdevOnTty(args: string[]): Promise<{ tmux: Tmux; cfg: string }> {
  const cfg = await Deno.makeTempDir({ prefix: "trigger-netdev-tty-" });
  const line = [Deno.execPath(), "run", "-A", `${ROOT}cli/main.ts`, "netdev", "--source", FIX]
    .concat(args).map(shq).join(" ");
  const tmux = await Tmux.start(`sh -c ${shq(`cd ${shq(ROOT)} && ${line}`)}`, {
    XDG_CONFIG_HOME: cfg,
    NO_COLOR: "1",
  });
  return { tmux, cfg };
}

Deno.test("trigger netdev on a terminal prints an aligned table with a header", async () => {
  const { tmux, cfg } = await netdevOnTty(["-L", "nyc"]);
  try {
    await using t = tmux;
    const screen = await t.waitFor(/EXIT=\d+/);
    ok(screen.includes("EXIT=0"), screen);
    const lines = screen.split("\n");
    const head = lines.findIndex((l) => l.startsWith("NAME"));
    ok(head >= 0, screen);
    const rows = lines.slice(head, head + 4);
    ok(rows.every((r) => !r.includes("\t")), "no tabs on a terminal");
    deepStrictEqual(rows[0]!.split(/\s{2,}/), [
      "NAME",
      "VENDOR",
      "TYPE",
      "PLATFORM",
      "SITE",
      "STATUS",
    ]);
    // Columns line up: every row has its vendor where the header has VENDOR.
    const col = rows[0]!.indexOf("VENDOR");
    for (const r of rows.slice(1)) ok(/^(cisco|juniper) /.test(r.slice(col)), r);
    deepStrictEqual(rows.slice(1).map((r) => r.split(/\s+/)[0]), [
      "core1-nyc.net.example.com",
      "edge1-nyc.net.example.com",
      "fw1-nyc.net.example.com",
    ]);
  } finally {
    await Deno.remove(cfg, { recursive: true });
  }
});

Deno.test("trigger netdev -l with an ambiguous name offers a menu on a terminal", async () => {
  const { tmux, cfg } = await netdevOnTty(["-l", "nyc"]);
  try {
    await using t = tmux;
    const menu = await t.waitFor(/3 possible matches found for "nyc"/);
    const choices = menu.split("\n").map((l) => l.match(/([a-z0-9-]+-nyc\.net\.example\.com)/)?.[1])
      .filter((x): x is string => x !== undefined);
    deepStrictEqual([...choices].sort(), [
      "core1-nyc.net.example.com",
      "edge1-nyc.net.example.com",
      "fw1-nyc.net.example.com",
    ]);
    await t.keys("Down");
    await t.keys("Enter");
    const screen = await t.waitFor(/EXIT=\d+/);
    ok(screen.includes("EXIT=0"), screen);
    ok(new RegExp(`Hostname:\\s+${choices[1]!.replaceAll(".", "\\.")}`).test(screen), screen);
    ok(/Realm:\s+default/.test(screen), screen);
  } finally {
    await Deno.remove(cfg, { recursive: true });
  }
});
