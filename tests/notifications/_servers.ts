/**
 * Test peers for notifications: an aiosmtpd SMTP server (plain, STARTTLS,
 * implicit TLS, AUTH) in a child process, and a self-signed certificate.
 *
 * @module
 */
import { join } from "node:path";

const SCRIPT = new URL("./_smtp.py", import.meta.url).pathname;

/** A running SMTP server. */
export interface SmtpServer extends AsyncDisposable {
  port: number;
  /** The messages received so far. */
  received(): Promise<{ mail_from: string; rcpt_tos: string[]; data: string }[]>;
}

/** Makes a self-signed certificate for 127.0.0.1 in `dir`; returns the paths and PEM. */
export async function selfSigned(dir: string): Promise<{ cert: string; key: string; pem: string }> {
  const cert = join(dir, "cert.pem"), key = join(dir, "key.pem");
  const r = await new Deno.Command("openssl", {
    args: [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      key,
      "-out",
      cert,
      "-days",
      "1",
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=IP:127.0.0.1,DNS:localhost",
    ],
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!r.success) throw new Error(new TextDecoder().decode(r.stderr));
  return { cert, key, pem: await Deno.readTextFile(cert) };
}

/** Starts aiosmtpd with a configuration; dispose to stop it. */
export async function startSmtp(dir: string, config: Record<string, unknown>): Promise<SmtpServer> {
  const out = join(dir, `mail-${crypto.randomUUID()}.jsonl`);
  const child = new Deno.Command("/usr/bin/python3", {
    args: [SCRIPT, JSON.stringify({ ...config, out })],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!/PORT \d+\n/.test(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error("SMTP server did not start");
    text += value;
  }
  const port = Number(/PORT (\d+)/.exec(text)![1]);
  return {
    port,
    async received() {
      try {
        return (await Deno.readTextFile(out)).trim().split("\n").map((l) => JSON.parse(l));
      } catch {
        return [];
      }
    },
    async [Symbol.asyncDispose]() {
      child.kill("SIGTERM");
      await child.status;
      await reader.cancel().catch(() => {});
    },
  };
}
