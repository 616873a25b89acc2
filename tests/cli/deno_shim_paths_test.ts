import { strictEqual } from "node:assert/strict";
import { createDenoShim } from "../../cli/_deno_shim.ts";

const shim = createDenoShim();

// chdir is not tried here: it would move every test module of this process
Deno.test("shim: pid, uid, realPath and realPathSync match Deno", async () => {
  strictEqual(shim.pid, Deno.pid);
  strictEqual(shim.uid(), Deno.uid());
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/real`);
    await Deno.symlink(`${dir}/real`, `${dir}/link`);
    strictEqual(await shim.realPath(`${dir}/link`), await Deno.realPath(`${dir}/link`));
    strictEqual(shim.realPathSync(`${dir}/link`), Deno.realPathSync(`${dir}/link`));
    strictEqual(typeof shim.chdir, "function");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
