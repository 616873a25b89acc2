import { strictEqual } from "node:assert/strict";
import { embeddedWeb } from "./_gen_web.ts";

Deno.test("lib/api/web/_embedded.ts is generated from lib/api/web/ (deno run -A tests/api/_gen_web.ts)", async () => {
  const committed = await Deno.readTextFile(
    new URL("../../lib/api/web/_embedded.ts", import.meta.url),
  );
  strictEqual(committed, await embeddedWeb());
});

Deno.test("the page's TypeScript type-checks against the DOM", async () => {
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["check", new URL("../../lib/api/web/app.ts", import.meta.url).pathname],
    stdout: "piped",
    stderr: "piped",
  }).output();
  strictEqual(r.code, 0, new TextDecoder().decode(r.stderr));
});
