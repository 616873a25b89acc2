/**
 * Builds an RFC 5322 / MIME message: Date, Message-ID, UTF-8 subject
 * (encoded-word) and body (base64 when not plain ASCII).
 *
 * @module
 */

/** Fields of {@linkcode buildMessage}. */
export interface MailFields {
  /** The From address. */
  from: string;
  /** The To addresses. */
  to: readonly string[];
  /** The subject (any Unicode). */
  subject: string;
  /** The text body (any Unicode). */
  body: string;
  /** Extra headers (name to value). */
  headers?: Readonly<Record<string, string>>;
  /** The date. */
  date?: Date;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const oneLine = (s: string): string => s.replace(/[\r\n]+/g, " ");
const p2 = (n: number): string => String(n).padStart(2, "0");

function b64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** RFC 5322 date in UTC. */
function rfcDate(d: Date): string {
  return `${DAYS[d.getUTCDay()]}, ${p2(d.getUTCDate())} ${
    MONTHS[d.getUTCMonth()]
  } ${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${
    p2(d.getUTCSeconds())
  } +0000`;
}

/** An encoded-word when the text is not plain ASCII. */
function encodeHeader(text: string): string {
  const t = oneLine(text);
  if (/^[\x20-\x7e]*$/.test(t)) return t;
  const words: string[] = [];
  let chunk = "";
  for (const ch of t) {
    if (new TextEncoder().encode(chunk + ch).length > 45) {
      [words[words.length], chunk] = [chunk, ""];
    }
    chunk += ch;
  }
  words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${b64(w)}?=`).join("\r\n ");
}

/**
 * Builds a message with CRLF line ends (dot-stuffing is the transport's job).
 *
 * @param fields Addresses, subject and body.
 * @returns The message text.
 *
 * @example A UTF-8 subject becomes an encoded-word
 * ```ts
 * import { buildMessage } from "@trigger/trigger";
 * import { ok } from "node:assert/strict";
 *
 * const m = buildMessage({ from: "t@example.net", to: ["ops@example.net"], subject: "Déjà vu", body: "hi" });
 * ok(m.includes("Subject: =?UTF-8?B?"));
 * ok(m.includes("Message-ID: <"));
 * ```
 */
export function buildMessage(fields: MailFields): string {
  const { from, to, subject, body, headers = {}, date = new Date() } = fields;
  const domain = /@([^>\s]+)/.exec(from)?.[1] ?? "localhost";
  const lines = body.replace(/\r\n?/g, "\n").split("\n");
  // deno-lint-ignore no-control-regex
  const ascii = /^[\x00-\x7f]*$/.test(body) && lines.every((l) => l.length <= 998);
  const head = [
    `From: ${oneLine(from)}`,
    `To: ${to.map(oneLine).join(", ")}`,
    `Subject: ${encodeHeader(subject)}`,
    `Date: ${rfcDate(date)}`,
    `Message-ID: <${crypto.randomUUID()}@${domain}>`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=UTF-8",
    `Content-Transfer-Encoding: ${ascii ? "7bit" : "base64"}`,
    ...Object.entries(headers).map(([k, v]) => `${oneLine(k)}: ${encodeHeader(v)}`),
  ];
  const text = ascii ? lines.join("\r\n") : (b64(body).match(/.{1,76}/g) ?? []).join("\r\n");
  return `${head.join("\r\n")}\r\n\r\n${text}\r\n`;
}
