import { ok, strictEqual, throws } from "node:assert/strict";
import { format, inspect } from "node:util";
import fc from "fast-check";
import { Secret } from "../../lib/credentials/secret.ts";
import { CredentialStore } from "../../lib/credentials/credential_store.ts";
import { isTriggerError } from "../../lib/errors.ts";
import { tempDir } from "./_helpers.ts";

const VALUE = "hunter2-top-secret";

/** Every way a value may be turned into text by accident. */
function renderings(x: unknown): string[] {
  return [
    String(x),
    `${x}`,
    "" + x,
    JSON.stringify(x),
    JSON.stringify({ nested: { x } }),
    Deno.inspect(x),
    Deno.inspect({ deep: [new Map([["k", x]])] }, { depth: 10 }),
    Deno.inspect(x, { showHidden: true, depth: Infinity }),
    inspect(x),
    inspect({ deep: [x] }, { showHidden: true, depth: null }),
    format("%s %o %O %j %d %i", x, x, x, x, x, x),
    new Error(`failed with ${x}`).message,
    Object.keys(x as object).join(),
    JSON.stringify(Object.entries(x as object)),
    JSON.stringify(structuredClone({ x }, {})),
  ];
}

Deno.test("Secret is redacted by String(), templates, JSON, Deno.inspect, node inspect and format", () => {
  const s = new Secret(VALUE);
  for (const text of renderings(s)) {
    ok(!text.includes(VALUE), `leaked in: ${text.replace(VALUE, "<VALUE>")}`);
  }
  strictEqual(String(s), "***");
  strictEqual(JSON.stringify(s), '"***"');
  strictEqual(Deno.inspect(s), "Secret(***)");
  strictEqual(inspect(s), "Secret(***)");
  strictEqual(s.reveal(), VALUE);
});

Deno.test("Secret never leaks any value (property)", () => {
  fc.assert(
    fc.property(fc.string({ minLength: 1 }), (raw) => {
      const value = `v:${raw}`;
      const s = new Secret(value);
      if (s.reveal() !== value) return false;
      return renderings(s).every((text) => !text.includes(value));
    }),
    { numRuns: 200 },
  );
});

Deno.test("Secret.from() keeps a Secret and refuses non-strings", () => {
  const s = new Secret("x");
  strictEqual(Secret.from(s), s);
  throws(() => new Secret(42 as unknown as string), TypeError);
});

Deno.test("CredentialStore errors never contain the password", async () => {
  await using dir = await tempDir();
  const store = await CredentialStore.open({
    path: `${dir.path}/c.json`,
    keyFile: `${dir.path}/k`,
  });
  const attempts: Array<() => Promise<unknown>> = [
    () => store.set("bad realm", { username: "u", password: VALUE }),
    () => store.set("r", { username: "", password: VALUE }),
    () => store.set("r", { username: "u", password: VALUE, privateKeyPassphrase: VALUE }),
    () => store.set("r", { username: "u\n", password: new Secret(VALUE) }),
    () =>
      store.set("r", { username: "u", password: VALUE, enablePassword: 5 as unknown as string }),
  ];
  for (const attempt of attempts) {
    let caught: unknown;
    try {
      await attempt();
    } catch (e) {
      caught = e;
    }
    ok(isTriggerError(caught, "INVALID_ARGUMENT"), String(caught));
    for (const text of [String(caught), Deno.inspect(caught), JSON.stringify(caught)]) {
      ok(!text.includes(VALUE), text);
    }
  }
  // A stored entry read back prints no secret either.
  await store.set("r", { username: "u", password: VALUE, enablePassword: VALUE });
  const got = await store.get("r");
  for (const text of renderings(got)) ok(!text.includes(VALUE), text);
  strictEqual(got?.password.reveal(), VALUE);
});
