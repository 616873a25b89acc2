/**
 * Errors of the TextFSM engine: a template that does not parse
 * (`TEMPLATE_INVALID`, TextFSM's `TextFSMTemplateError`) and an `Error`
 * action reached while parsing input (`TEMPLATE_ERROR`, TextFSM's
 * `TextFSMError`).
 *
 * @module
 */
import { TriggerError, type TriggerErrorOptions } from "../errors.ts";

/** Options of {@linkcode TemplateError}. */
export interface TemplateErrorOptions extends TriggerErrorOptions {
  /**
   * The template's file name (or another label), shown in messages.
   *
   * @default {undefined}
   */
  source?: string | undefined;
  /**
   * The 1-based template line at fault, when there is one.
   *
   * @default {undefined}
   */
  line?: number | undefined;
}

/**
 * A template that TextFSM would reject (code `TEMPLATE_INVALID`), with the
 * file and line at fault.
 *
 * @example Where the template is wrong
 * ```ts
 * import { TemplateError, TextFsm } from "@trigger/trigger/textfsm";
 * import { ok, strictEqual } from "node:assert/strict";
 *
 * try {
 *   TextFsm.parse("Value A (\\S+)\nValue A (\\d+)\n\nStart\n  ^${A}\n", { source: "t.textfsm" });
 *   ok(false);
 * } catch (e) {
 *   ok(e instanceof TemplateError);
 *   strictEqual(e.code, "TEMPLATE_INVALID");
 *   strictEqual(e.line, 2);
 * }
 * ```
 */
export class TemplateError extends TriggerError {
  /** The template's file name or label, if known. */
  readonly source: string | undefined;
  /** The 1-based template line at fault, if any. */
  readonly line: number | undefined;
  /** The reason alone, without file and line. */
  readonly reason: string;

  /**
   * Creates an error.
   *
   * @param reason What is wrong with the template.
   * @param options File, line and cause.
   */
  constructor(reason: string, options: TemplateErrorOptions = {}) {
    const where = `${options.source ?? "template"}${
      options.line === undefined ? "" : `:${options.line}`
    }`;
    super("TEMPLATE_INVALID", `Cannot load template ${where}: ${reason}`, options);
    this.name = "TemplateError";
    this.source = options.source;
    this.line = options.line;
    this.reason = reason;
  }
}

/**
 * An `Error` action reached while parsing input (code `TEMPLATE_ERROR`).
 *
 * @example The template rejects its input
 * ```ts
 * import { TextFsm, TextFsmError } from "@trigger/trigger/textfsm";
 * import { ok, strictEqual } from "node:assert/strict";
 *
 * const fsm = TextFsm.parse('Value A (\\S+)\n\nStart\n  ^% -> Error "device said no"\n');
 * try {
 *   fsm.parseText("% Invalid input\n");
 *   ok(false);
 * } catch (e) {
 *   ok(e instanceof TextFsmError);
 *   strictEqual(e.reason, "device said no");
 *   strictEqual(e.inputLine, "% Invalid input");
 * }
 * ```
 */
export class TextFsmError extends TriggerError {
  /** The message given to `Error`, or `""`. */
  readonly reason: string;
  /** The template line of the rule. */
  readonly ruleLine: number;
  /** The input line that matched it. */
  readonly inputLine: string;

  /**
   * Creates an error.
   *
   * @param reason The message given to the `Error` action, if any.
   * @param ruleLine The template line of the rule.
   * @param inputLine The input line.
   * @param source The template's file name or label.
   */
  constructor(reason: string, ruleLine: number, inputLine: string, source?: string) {
    const what = reason ? `: ${reason}` : "";
    super(
      "TEMPLATE_ERROR",
      `Template ${source ?? "template"}:${ruleLine} raised an error${what} (input line ${
        JSON.stringify(inputLine)
      })`,
    );
    this.name = "TextFsmError";
    this.reason = reason;
    this.ruleLine = ruleLine;
    this.inputLine = inputLine;
  }
}
