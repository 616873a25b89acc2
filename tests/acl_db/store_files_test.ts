/**
 * A new install's ACL store is private: the directory the store creates is
 * 0700 and the SQLite file 0600 (they were 0755 and 0644: whoever could read
 * the home directory could read which devices carry which filters).
 */
import { strictEqual } from "node:assert/strict";
import { openAclStore } from "../../lib/resources/mod.ts";
import { loadSettings } from "../../lib/settings/mod.ts";

Deno.test("openAclStore() creates the store's directory 0700 and its file 0600, whatever the umask", async () => {
  const home = await Deno.makeTempDir({ prefix: "trigger-store-files-" });
  const old = Deno.umask(0o022);
  try {
    // a fresh HOME: no settings file, the store at its default place
    const settings = loadSettings({ env: { HOME: home } });
    const store = await openAclStore(settings);
    await store.addExplicit("r1", "EDGE-IN");
    await store.close();
    strictEqual((await Deno.stat(`${home}/.config/trigger`)).mode! & 0o777, 0o700);
    strictEqual((await Deno.stat(settings.aclDbPath)).mode! & 0o777, 0o600);
    // an existing store keeps its mode and its data
    await Deno.chmod(settings.aclDbPath, 0o640);
    const again = await openAclStore(settings);
    strictEqual((await again.explicitFor("r1")).includes("EDGE-IN"), true);
    await again.close();
    strictEqual((await Deno.stat(settings.aclDbPath)).mode! & 0o777, 0o640);
  } finally {
    Deno.umask(old);
    await Deno.remove(home, { recursive: true });
  }
});
