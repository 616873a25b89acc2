/**
 * Where the engine's bytes come from (`lib/acl/_wasm.ts`): `acl-wasm/lib/acl.wasm`
 * beside the module when it is a local file this process may read, else the
 * base64 copy in `acl-wasm/lib/acl_wasm.ts` (imports over https or from JSR,
 * which publishes no `.wasm`; no read permission). Each case runs in a fresh
 * process, since the choice is made once, when the module is loaded, and
 * every case must give the same answers.
 */
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const WASM = join(ROOT, "acl-wasm/lib/acl.wasm");
const TEXT =
  "ip access-list extended EDGE\n permit tcp any host 192.0.2.1 eq 443\n deny ip any any\n";

/** A script printing the engine's source and a conversion made through it. */
function script(base: string): string {
  return [
    `import { engineSource } from "${base}lib/acl/_wasm.ts";`,
    `import { convert } from "${base}lib/acl/mod.ts";`,
    `console.log(JSON.stringify({ source: engineSource(), out: convert(${
      JSON.stringify(TEXT)
    }, "junos") }));`,
  ].join("\n");
}

async function runScript(
  code: string,
  flags: string[],
  env: Record<string, string> = {},
): Promise<{ source: string; out: string }> {
  const dir = await Deno.makeTempDir({ prefix: "engine-source-" });
  try {
    const file = join(dir, "main.ts");
    await Deno.writeTextFile(file, code);
    const r = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--no-config", "--no-lock", ...flags, file],
      env: { NO_COLOR: "1", ...env },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const err = new TextDecoder().decode(r.stderr);
    strictEqual(r.code, 0, err);
    return JSON.parse(new TextDecoder().decode(r.stdout));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const LOCAL = new URL("../../", import.meta.url).href;

Deno.test("a local checkout reads acl.wasm, and the embedded copy gives the same answers", async () => {
  const file = await runScript(script(LOCAL), ["--allow-read"]);
  strictEqual(file.source, "file");
  // no permission to read the file: the base64 copy, without a prompt
  const denied = await runScript(script(LOCAL), ["--allow-read", `--deny-read=${WASM}`]);
  strictEqual(denied.source, "embedded");
  const none = await runScript(script(LOCAL), []);
  strictEqual(none.source, "embedded");
  deepStrictEqual(denied.out, file.out);
  deepStrictEqual(none.out, file.out);
  strictEqual(file.out.includes("destination-address"), true);
});

Deno.test("an import over http loads the embedded copy", async () => {
  const types: Record<string, string> = {
    ".ts": "application/typescript",
    ".js": "application/javascript",
    ".json": "application/json",
  };
  const ac = new AbortController();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: ac.signal, onListen: () => {} },
    async (req) => {
      const path = normalize(join(ROOT, decodeURIComponent(new URL(req.url).pathname)));
      if (!path.startsWith(ROOT)) return new Response("outside", { status: 403 });
      try {
        const body = await Deno.readFile(path);
        const type = types[extname(path)] ?? "application/octet-stream";
        return new Response(body, { headers: { "content-type": type } });
      } catch {
        return new Response("not found", { status: 404 });
      }
    },
  );
  try {
    const host = `127.0.0.1:${server.addr.port}`;
    const dir = await Deno.makeTempDir({ prefix: "engine-source-cache-" });
    try {
      const remote = await runScript(
        script(`http://${host}/`),
        [`--allow-import=${host}`, "--allow-read"],
        { DENO_DIR: dir },
      );
      strictEqual(remote.source, "embedded");
      const local = await runScript(script(LOCAL), ["--allow-read"]);
      deepStrictEqual(remote.out, local.out);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  } finally {
    ac.abort();
    await server.finished;
  }
});
