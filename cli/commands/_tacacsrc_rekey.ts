/**
 * `trigger tacacsrc rekey`: re-encrypt the credential store with a new key
 * file or a passphrase, and keep the settings that every verb reads in step.
 *
 * When the store is the settings' own (`tacacsrc`), the fleet verbs find its
 * key through `tacacsrcKeyfile` / `tacacsrcUsePassphrase`. Rekeying without
 * changing those would leave every verb unable to decrypt, so:
 * - when they come from the settings file (or the built-in defaults), the
 *   file is updated to name the new key, in the same step;
 * - when an environment variable sets them (`TACACSRC_KEYFILE`,
 *   `TACACSRC_USE_PASSPHRASE`), which this process cannot change for the
 *   user's shell, nothing is changed and the error gives the command to run.
 *
 * @module
 */
import { dirname, resolve } from "node:path";
import type { Command } from "commander";
import { out, UsageError } from "../_io.ts";
import { SecretInput } from "../_secret_input.ts";
import { defaultSettings, loadSettings, settingsPath } from "../../lib/settings/mod.ts";
import { defaultKeyFilePath, defaultStorePath, type KeySource } from "../../lib/credentials/mod.ts";
import { parseJson } from "../../lib/settings/_text.ts";
import { merged, openStore, type StoreOpts, usesPassphrase } from "./_tacacsrc_store.ts";

/** A setting the verbs must read differently once the store is rekeyed. */
interface SettingChange {
  key: "tacacsrcKeyfile" | "tacacsrcUsePassphrase";
  env: "TACACSRC_KEYFILE" | "TACACSRC_USE_PASSPHRASE";
  value: string | boolean;
}

function changesFor(next: KeySource): SettingChange[] {
  const s = defaultSettings();
  const changes: SettingChange[] = [];
  if ("keyFile" in next) {
    if (s.tacacsrcKeyfile !== next.keyFile) {
      changes.push({ key: "tacacsrcKeyfile", env: "TACACSRC_KEYFILE", value: next.keyFile });
    }
    if (s.tacacsrcUsePassphrase) {
      changes.push({ key: "tacacsrcUsePassphrase", env: "TACACSRC_USE_PASSPHRASE", value: false });
    }
  } else if (!s.tacacsrcUsePassphrase) {
    changes.push({ key: "tacacsrcUsePassphrase", env: "TACACSRC_USE_PASSPHRASE", value: true });
  }
  return changes;
}

function quote(s: string): string {
  return /^[\w./~:=@%+-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;
}

/** The same rekey, with the current key named explicitly, run without the variables. */
function commandWithout(
  vars: readonly string[],
  o: StoreOpts,
  current: boolean,
  next: KeySource,
): string {
  const words = ["env", ...vars.flatMap((v) => ["-u", v]), "trigger", "tacacsrc"];
  if (o.store !== undefined) words.push("--store", resolve(o.store));
  if (!current) words.push("--keyfile", resolve(o.keyfile ?? defaultKeyFilePath()));
  words.push("rekey");
  if (current) words.push("--current-passphrase-stdin");
  if ("keyFile" in next) words.push("--new-keyfile", next.keyFile);
  else words.push("--passphrase-stdin");
  return words.map(quote).join(" ");
}

/** The settings file's JSON object ({} when there is no file yet). */
async function readSettingsObject(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return {};
    throw new UsageError(
      `Cannot rekey: the settings file "${path}" cannot be read to name the new key ` +
        `(${e instanceof Error ? e.message : e}); nothing was changed`,
    );
  }
  const parsed = parseJson(text);
  if (!parsed.ok || typeof parsed.value !== "object" || parsed.value === null) {
    throw new UsageError(
      `Cannot rekey: the settings file "${path}" is not a JSON object ` +
        `(${parsed.ok ? "wrong type" : parsed.message}); fix it first, nothing was changed`,
    );
  }
  return parsed.value as Record<string, unknown>;
}

/**
 * Writes the updated settings next to the file (0600, directory 0700 when
 * created) before the store is touched, so a settings file that cannot be
 * written stops the rekey; `commit` renames it into place.
 */
async function prepareSettings(
  path: string,
  changes: readonly SettingChange[],
): Promise<{ commit(): Promise<void>; abandon(): Promise<void> }> {
  const data = await readSettingsObject(path);
  for (const c of changes) data[c.key] = c.value;
  const tmp = `${path}.rekey-${crypto.randomUUID()}`;
  try {
    await Deno.mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await Deno.writeTextFile(tmp, JSON.stringify(data, null, 2) + "\n", { mode: 0o600 });
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw new UsageError(
      `Cannot rekey: the settings file "${path}" cannot be written to name the new key ` +
        `(${e instanceof Error ? e.message : e}); nothing was changed`,
    );
  }
  return {
    commit: () => Deno.rename(tmp, path),
    abandon: () => Deno.remove(tmp).catch(() => {}),
  };
}

/** Runs `tacacsrc rekey` (options merged from the parent command). */
export async function runRekey(sub: Command): Promise<void> {
  const o = merged(sub) as StoreOpts & { newKeyfile?: string };
  const newPassphrase = o.passphraseStdin === true;
  if (newPassphrase === (o.newKeyfile !== undefined)) {
    throw new UsageError("Give exactly one of --new-keyfile F and --passphrase-stdin");
  }
  const current = usesPassphrase(o, o.currentPassphraseStdin === true);
  const storePath = resolve(o.store ?? defaultStorePath());
  const settingsStore = storePath === resolve(defaultStorePath());
  const nextShape: KeySource = newPassphrase
    ? { passphrase: "-" }
    : { keyFile: resolve(o.newKeyfile!) };
  const changes = settingsStore ? changesFor(nextShape) : [];
  const fromEnv = changes.filter((c) => Deno.env.get(c.env) !== undefined);
  if (fromEnv.length > 0) {
    const vars = fromEnv.map((c) => c.env);
    throw new UsageError(
      `Cannot rekey: every verb reads the store's key from the environment ` +
        `(${vars.map((v) => `${v}=${Deno.env.get(v)}`).join(", ")}), which this command ` +
        `cannot change, so they would fail to decrypt the store; nothing was changed. Run:\n  ` +
        commandWithout(vars, o, current, nextShape) +
        `\nthen remove ${vars.join(" and ")} from your environment (shell profile, cron, CI): ` +
        `the settings file "${settingsPath(Deno.env.toObject()).path}" will name the new key`,
    );
  }
  const path = settingsPath(Deno.env.toObject()).path;
  const settings = changes.length ? await prepareSettings(path, changes) : undefined;
  try {
    const secrets = new SecretInput();
    const store = await openStore(o, secrets, current);
    const next: KeySource = newPassphrase
      ? { passphrase: (await secrets.next("New passphrase", { confirm: true }))! }
      : nextShape;
    secrets.finish();
    await store.rekey(next);
    await settings?.commit();
  } catch (e) {
    await settings?.abandon();
    throw e;
  }
  out(
    `Re-encrypted ${storePath} with ${
      "keyFile" in nextShape ? `key file ${nextShape.keyFile}` : "a passphrase"
    }`,
  );
  for (const c of changes) out(`Set "${c.key}": ${JSON.stringify(c.value)} in ${path}`);
  if (settingsStore) {
    const now = loadSettings();
    const ok = "keyFile" in nextShape
      ? now.tacacsrcKeyfile === nextShape.keyFile && !now.tacacsrcUsePassphrase
      : now.tacacsrcUsePassphrase;
    if (!ok) throw new UsageError(`The settings still do not name the new key: check ${path}`);
    out("Every trigger verb now opens the store with the new key");
  } else {
    out(
      `No setting names this store (the settings' store is ${resolve(defaultStorePath())}): ` +
        `use it with ${
          "keyFile" in nextShape ? `--keyfile ${nextShape.keyFile}` : "--passphrase-stdin"
        }`,
    );
  }
  if (!current) out("The old key file was left in place: delete it once nothing else uses it");
}
