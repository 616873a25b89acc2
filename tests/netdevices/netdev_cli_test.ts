import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FIX = `${ROOT}tests/_fixtures/inventory/`;

async function netdev(args: string[], env: Record<string, string> = {}) {
  const home = await Deno.makeTempDir({ prefix: "trigger-netdev-" });
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", `${ROOT}cli/main.ts`, "netdev", ...args],
      cwd: ROOT,
      env: { HOME: home, XDG_CONFIG_HOME: `${home}/.config`, NO_COLOR: "1", ...env },
      clearEnv: true,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const dec = new TextDecoder();
    return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

const JSON_SRC = ["--source", `${FIX}netdevices.json`];

Deno.test("trigger netdev: search flags, tab-separated output when not a terminal", async () => {
  const r = await netdev([...JSON_SRC, "-v", "cisco", "-L", "nyc"]);
  strictEqual(r.code, 0, r.stderr);
  deepStrictEqual(r.stdout.trim().split("\n"), [
    "edge1-nyc.net.example.com\tcisco\tROUTER\tcisco_iosxr\tNYC\tPRODUCTION",
    "fw1-nyc.net.example.com\tcisco\tFIREWALL\tcisco_asa\tNYC\tPRODUCTION",
  ]);
});

Deno.test("trigger netdev: -a includes non-production, --match ORs a repeated key", async () => {
  const base = await netdev([...JSON_SRC, "-L", "nyc"]);
  const all = await netdev([...JSON_SRC, "-L", "nyc", "-a"]);
  strictEqual(all.stdout.trim().split("\n").length, base.stdout.trim().split("\n").length + 1);
  ok(
    all.stdout.includes("old-rtr1.net.example.com\tcisco\tROUTER\tcisco_ios\tNYC\tNON-PRODUCTION"),
  );
  const m = await netdev([
    ...JSON_SRC,
    "--match",
    "platform=arista_eos",
    "--match",
    "platform=paloalto_panos",
    "-t",
    "switch",
  ]);
  deepStrictEqual(m.stdout.trim().split("\n").map((l) => l.split("\t")[0]), [
    "lab1.net.example.com:2222",
    "sw1-lon.net.example.com",
  ]);
});

Deno.test("trigger netdev: --json and -l detail (secrets redacted)", async () => {
  const j = await netdev([...JSON_SRC, "-n", "fw2", "--json"]);
  const parsed = JSON.parse(j.stdout) as Record<string, string>[];
  deepStrictEqual(parsed.map((d) => [d.nodeName, d.vendor, d.platform]), [
    ["fw2-lon.net.example.com", "paloalto", "paloalto_panos"],
  ]);
  const l = await netdev([...JSON_SRC, "-l", "core1-nyc"]);
  strictEqual(l.code, 0, l.stderr);
  ok(l.stdout.includes("\tHostname:          core1-nyc.net.example.com"));
  ok(l.stdout.includes("\tVendor:            juniper (JUNIPER)"));
  ok(l.stdout.includes("\tLocation:          NYC Cage 4 R12"));
  ok(l.stdout.includes("\tConsole:           ts1.nyc.example.com port 7012"));
  ok(!l.stdout.includes("s3cret"));
  const lj = await netdev([...JSON_SRC, "-l", "core1-nyc", "--json"]);
  strictEqual(JSON.parse(lj.stdout).enablePW, "REDACTED");
});

Deno.test("trigger netdev: exit codes for no match, bad input, unknown device", async () => {
  const none = await netdev([...JSON_SRC, "-v", "nokia"]);
  strictEqual(none.code, 1);
  strictEqual(none.stdout, "");
  ok(none.stderr.includes("No matches for the query vendor=nokia"));
  const bad = await netdev([...JSON_SRC, "--match", "novalue"]);
  strictEqual(bad.code, 2);
  ok(bad.stderr.includes('Cannot use --match "novalue": expected key=value'));
  const missing = await netdev([...JSON_SRC, "-l", "core9"]);
  strictEqual(missing.code, 2);
  ok(
    missing.stderr.includes('Cannot find device "core9"') &&
      missing.stderr.includes("[DEVICE_NOT_FOUND]"),
  );
  const broken = await netdev(["--source", `${FIX}bad/syntax.json`]);
  strictEqual(broken.code, 2);
  ok(
    broken.stderr.includes("3:54") && broken.stderr.includes("[INVENTORY_INVALID]"),
    broken.stderr,
  );
});

Deno.test("trigger netdev: the source comes from NETDEVICES_SOURCE and settings", async () => {
  const r = await netdev(["-t", "firewall"], { NETDEVICES_SOURCE: `${FIX}rancid` });
  strictEqual(r.code, 0, r.stderr);
  deepStrictEqual(r.stdout.trim().split("\n").map((l) => l.split("\t")[0]), [
    "fw1.paris.example.net",
    "fw9.paris.example.net",
    "pa1.paris.example.net",
  ]);
  const bad = await netdev([], { COMMANDO_MAX_CONNS: "lots" });
  strictEqual(bad.code, 2);
  ok(
    bad.stderr.includes(
      'Cannot use setting "commandoMaxConns" from environment variable COMMANDO_MAX_CONNS',
    ),
  );
});
