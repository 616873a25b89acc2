/**
 * The table of `trigger` verbs. Adding a verb is one line here plus its file
 * in `cli/commands/`. Underscore spellings (`check_access`) are accepted by
 * `main.ts`, which folds them to the dashed names below.
 *
 * @module
 */
import type { Command } from "commander";
import { commandOf, type VerbDefinition } from "./_verb_definition.ts";

/** A verb: its name, and a builder for its command. */
export interface Verb {
  /** The dashed name, e.g. `check-access`. */
  name: string;
  /** Loads the verb's module lazily and returns its configured command. */
  load: () => Promise<Command>;
  /**
   * For a verb defined as data: loads its definition, from which `load`'s
   * command is built, and which reads a plain command line without
   * commander (`main.ts`: start-up).
   */
  define?: () => Promise<VerbDefinition>;
}

/** A verb whose module exports its {@linkcode VerbDefinition} as `DEFINITION`. */
function defined(name: string, define: () => Promise<VerbDefinition>): Verb {
  return { name, load: async () => await commandOf(await define()), define };
}

/** Every verb, in the order `trigger --help` lists them. */
export const VERBS: readonly Verb[] = [
  defined("aclconv", async () => (await import("./commands/aclconv.ts")).DEFINITION),
  {
    name: "check-access",
    load: async () => (await import("./commands/check_access.ts")).command(),
  },
  {
    name: "find-access",
    load: async () => (await import("./commands/find_access.ts")).command(),
  },
  { name: "optimizer", load: async () => (await import("./commands/optimizer.ts")).command() },
  defined("check-syntax", async () => (await import("./commands/check_syntax.ts")).DEFINITION),
  { name: "acl-diff", load: async () => (await import("./commands/acl_diff.ts")).command() },
  { name: "acl", load: async () => (await import("./commands/acl.ts")).command() },
  { name: "acl-edit", load: async () => (await import("./commands/acl_edit.ts")).command() },
  { name: "acl-script", load: async () => (await import("./commands/acl_script.ts")).command() },
  { name: "bounce", load: async () => (await import("./commands/bounce.ts")).command() },
  { name: "demo", load: async () => (await import("./commands/demo.ts")).command() },
  { name: "gnng", load: async () => (await import("./commands/gnng.ts")).command() },
  { name: "gong", load: async () => (await import("./commands/gong.ts")).command() },
  { name: "load-acl", load: async () => (await import("./commands/load_acl.ts")).command() },
  {
    name: "load-config",
    load: async () => (await import("./commands/load_config.ts")).command(),
  },
  { name: "netdev", load: async () => (await import("./commands/netdev.ts")).command() },
  { name: "run-cmds", load: async () => (await import("./commands/run_cmds.ts")).command() },
  { name: "tacacsrc", load: async () => (await import("./commands/tacacsrc.ts")).command() },
  { name: "textfsm", load: async () => (await import("./commands/textfsm.ts")).command() },
  { name: "lab", load: async () => (await import("./commands/lab.ts")).command() },
  { name: "job", load: async () => (await import("./commands/job.ts")).command() },
  { name: "serve", load: async () => (await import("./commands/serve.ts")).command() },
  { name: "worker", load: async () => (await import("./commands/worker.ts")).command() },
];
