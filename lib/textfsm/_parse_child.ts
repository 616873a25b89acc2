/**
 * The child process of {@linkcode ParseWorker}: says `{"ready": true}`, then reads one JSON request per
 * line on stdin (`{id, templates: [{name, text?}], text, pythonStrings}`; a
 * template's text is sent once, then named), parses, and answers one JSON
 * line on stdout (`{id, ok: true, result}` or `{id, ok: false, error: {code,
 * message, source, line}}`). It ends when stdin closes.
 *
 * Run as `deno run lib/textfsm/_parse_child.ts`, or inside the single binary
 * as `trigger __textfsm-parse-child` (see `cli/binary.ts`).
 *
 * @module
 */
import { createInterface } from "node:readline";
import process from "node:process";
import { isTriggerError } from "../errors.ts";
import { parseWithTemplates, type TemplateText } from "./clitable.ts";
import { TextFsm } from "./textfsm.ts";
import { TemplateError, TextFsmError } from "./errors.ts";

/** One request from the parent. */
interface Request {
  id: number;
  templates: { name: string; text?: string }[];
  text: string;
  pythonStrings: boolean;
}

/**
 * Serves parse requests on stdin/stdout until stdin ends.
 *
 * @returns When stdin has closed.
 */
export async function runParseChild(): Promise<void> {
  const texts = new Map<string, string>();
  const compiled = new Map<string, TextFsm>();
  const compile = (name: string, text: string): TextFsm => {
    let fsm = compiled.get(name);
    if (fsm === undefined) compiled.set(name, fsm = TextFsm.parse(text, { source: name }));
    return fsm;
  };
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`); // the parent's clocks start now
  for await (const line of lines) {
    if (!line) continue;
    const req = JSON.parse(line) as Request;
    let answer: unknown;
    try {
      const templates: TemplateText[] = req.templates.map(({ name, text }) => {
        if (text !== undefined && texts.get(name) !== text) {
          texts.set(name, text);
          compiled.delete(name);
        }
        return { name, text: texts.get(name) ?? "" };
      });
      const result = parseWithTemplates(templates, req.text, {
        pythonStrings: req.pythonStrings,
      }, compile);
      answer = { id: req.id, ok: true, result };
    } catch (e) {
      answer = { id: req.id, ok: false, error: serializeError(e) };
    }
    process.stdout.write(`${JSON.stringify(answer)}\n`);
  }
}

/** An error as the parent rebuilds it (see `parse_worker.ts`). */
export type ChildError =
  | { kind: "template"; reason: string; source: string | undefined; line: number | undefined }
  | { kind: "fsm"; reason: string; ruleLine: number; inputLine: string; source: string | undefined }
  | { kind: "other"; code: string; message: string };

function serializeError(e: unknown): ChildError {
  if (e instanceof TemplateError) {
    return { kind: "template", reason: e.reason, source: e.source, line: e.line };
  }
  if (e instanceof TextFsmError) {
    const source = /^Template (.*):\d+ raised/.exec(e.message)?.[1];
    return { kind: "fsm", reason: e.reason, ruleLine: e.ruleLine, inputLine: e.inputLine, source };
  }
  if (isTriggerError(e)) return { kind: "other", code: e.code, message: e.message };
  return {
    kind: "other",
    code: "TEMPLATE_ERROR",
    message: e instanceof Error ? e.message : String(e),
  };
}

if (import.meta.main) await runParseChild();
