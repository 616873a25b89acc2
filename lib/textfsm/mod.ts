/**
 * A TextFSM engine compatible with Google's TextFSM (the engine behind
 * ntc-templates): templates are read unchanged, their Python regexes are
 * translated to JavaScript, and {@linkcode CliTable} picks a template from an
 * `index` file by platform and command.
 *
 * @module
 */
export * from "./errors.ts";
export * from "./py_regex.ts";
export * from "./textfsm.ts";
export type { LineOp, RecordOp, TemplateRule, TemplateValue, ValueOption } from "./template.ts";
export * from "./clitable.ts";
export * from "./builtin.ts";
export * from "./ntc.ts";
export * from "./parse_worker.ts";
