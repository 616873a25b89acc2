import { deepStrictEqual, ok, rejects, strictEqual, throws } from "node:assert/strict";
import { join } from "node:path";
import { homedir } from "node:os";
import {
  GORC_ALLOWED_COMMANDS,
  gorcCommandProblem,
  GorcError,
  gorcPath,
  loadGorc,
  parseGorc,
} from "../../lib/gorc/mod.ts";

const SAMPLE = `; Trigger's sample .gorc
[init_commands]
cisco:
    term mon
    terminal length 0
    show clock
juniper:
    set cli screen-length 0
    set cli timestamp
    show system uptime

# comments and blank lines inside are fine
Arista: show version

[other]
anything: goes here
    reload
`;

Deno.test("parseGorc() returns commands per vendor, case-insensitive", () => {
  const g = parseGorc(SAMPLE, "sample");
  deepStrictEqual(g.commandsFor("cisco"), ["term mon", "terminal length 0", "show clock"]);
  deepStrictEqual(g.commandsFor("JUNIPER"), [
    "set cli screen-length 0",
    "set cli timestamp",
    "show system uptime",
  ]);
  deepStrictEqual(g.commandsFor("arista"), ["show version"]);
  deepStrictEqual(g.commandsFor("brocade"), []);
  deepStrictEqual([...g.vendors].sort(), ["arista", "cisco", "juniper"]);
});

Deno.test("parseGorc() rejects dangerous commands with file, line and reason", async (t) => {
  const bad: [string, number, RegExp][] = [
    [
      "[init_commands]\ncisco:\n    show clock\n    configure terminal\n",
      4,
      /"configure" is not allowed/,
    ],
    ["[init_commands]\ncisco:\n    reload\n", 3, /"reload"/],
    ["[init_commands]\ncisco: write memory\n", 2, /"write"/],
    ["[init_commands]\njuniper:\n    request system reboot\n", 3, /"request"/],
    ["[init_commands]\njuniper:\n    set system host-name x\n", 3, /"set"/],
    ["[init_commands]\ncisco:\n    clear counters\n", 3, /"clear"/],
    ["[init_commands]\ncisco:\n    delete flash:x\n", 3, /"delete"/],
    ["[init_commands]\njuniper:\n    show configuration | save /tmp/x\n", 3, /pipes that write/],
    ["[init_commands]\ncisco:\n    show run | redirect flash:x\n", 3, /pipes that write/],
    ["cisco:\n    show clock\n", 1, /missing section header/],
    ["[init_commands]\n    show clock\n", 2, /continuation line/],
    ["[init_commands]\ncisco\n", 2, /expected "vendor:"/],
    ["[init_commands]\ncisco:\n show clock\ncisco:\n show version\n", 4, /appears twice/],
  ];
  for (const [text, line, reason] of bad) {
    await t.step(text.split("\n").slice(1).join(" | "), () => {
      throws(() => parseGorc(text, "/home/u/.gorc"), (e: unknown) => {
        ok(e instanceof GorcError);
        strictEqual(e.code, "SETTINGS_INVALID");
        strictEqual(e.line, line);
        ok(e.message.startsWith(`/home/u/.gorc:${line}: `), e.message);
        ok(reason.test(e.message), e.message);
        return true;
      });
    });
  }
});

Deno.test("gorcCommandProblem() accepts only the allow-list's starts", () => {
  for (
    const c of [
      "show ip int brief",
      "terminal length 0",
      "set cli screen-length 0",
      "ping 10.0.0.1",
    ]
  ) {
    strictEqual(gorcCommandProblem(c), undefined, c);
  }
  for (const c of ["set system services", "shutdown", "copy run start", "commit", "showx"]) {
    ok(gorcCommandProblem(c), c);
  }
  strictEqual(gorcCommandProblem("enable", ["enable"]), undefined);
  ok(GORC_ALLOWED_COMMANDS.includes("show"));
});

Deno.test("loadGorc() reads GORC_FILE, ~/.gorc by default, and treats a missing file as empty", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = join(dir, "gorc");
    await Deno.writeTextFile(file, SAMPLE);
    const env = (n: string) => (n === "GORC_FILE" ? file : undefined);
    const g = await loadGorc(undefined, { env });
    strictEqual(g.path, file);
    strictEqual(g.found, true);
    deepStrictEqual(g.commandsFor("arista"), ["show version"]);
    const explicit = await loadGorc(file, { env: () => "/elsewhere" });
    deepStrictEqual(explicit.commandsFor("cisco").length, 3);
    strictEqual(gorcPath(undefined, () => undefined), join(homedir(), ".gorc"));
    const missing = await loadGorc(join(dir, "nope"));
    strictEqual(missing.found, false);
    deepStrictEqual(missing.commandsFor("cisco"), []);
    await Deno.writeTextFile(file, "[init_commands]\ncisco:\n    reload\n");
    await rejects(loadGorc(file), (e: unknown) => e instanceof GorcError && e.line === 3);
    await rejects(
      loadGorc(dir),
      (e: unknown) => e instanceof Error && /Cannot read/.test(e.message),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
