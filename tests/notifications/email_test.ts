import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { emailHandler, type NotificationMessage, notify } from "../../lib/notifications/mod.ts";
import { selfSigned, startSmtp } from "./_servers.ts";

const MSG: NotificationMessage = {
  subject: "ACL load: 2 devices failed — Zürich",
  body: "r1 ok\n.leading dot line\nr2 failed: timeout\n",
  level: "failure",
};

/** The Subject header, unfolded, its RFC 2047 encoded words (B or Q) decoded. */
function subjectOf(data: string): string {
  const head = data.split(/\r?\n\r?\n/, 1)[0]!.replace(/\r?\n[ \t]/g, " ");
  const raw = /^Subject: (.*)$/im.exec(head)![1]!;
  const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
  return raw.replace(
    /=\?UTF-8\?([BQ])\?(.*?)\?=\s*/gi,
    (_, enc: string, text: string) =>
      new TextDecoder().decode(
        enc.toUpperCase() === "B" ? bytes(atob(text)) : bytes(
          text.replace(/_/g, " ").replace(
            /=([0-9A-F]{2})/gi,
            (_m, h: string) => String.fromCharCode(parseInt(h, 16)),
          ),
        ),
      ),
  );
}

function decodeBody(data: string): string {
  const [head, body] = data.split(/\r?\n\r?\n/, 2) as [string, string];
  if (/Content-Transfer-Encoding: base64/i.test(head)) {
    const bin = atob(body.replace(/\s+/g, ""));
    return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  }
  return body;
}

Deno.test("emailHandler delivers over plain SMTP with headers, UTF-8 and dot-stuffing", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await using smtp = await startSmtp(dir, {});
    const mail = emailHandler({
      host: "127.0.0.1",
      port: smtp.port,
      tls: "none",
      from: "trigger@example.net",
      to: ["ops@example.net", "noc@example.net"],
    });
    const [r] = await notify(MSG, [mail]);
    deepStrictEqual([r!.handler, r!.ok, r!.error], ["email", true, undefined]);
    const [got] = await smtp.received();
    strictEqual(got!.mail_from, "trigger@example.net");
    deepStrictEqual(got!.rcpt_tos, ["ops@example.net", "noc@example.net"]);
    for (
      const h of [
        "Date: ",
        "Message-ID: <",
        "MIME-Version: 1.0",
        "charset=utf-8",
        "X-Trigger-Level: failure",
      ]
    ) {
      ok(got!.data.toLowerCase().includes(h.toLowerCase()), h);
    }
    ok(/^Subject: =\?UTF-8\?[BQ]\?/im.test(got!.data), got!.data);
    strictEqual(subjectOf(got!.data), MSG.subject);
    strictEqual(decodeBody(got!.data).replace(/\r\n/g, "\n").trimEnd(), MSG.body.trimEnd());
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("emailHandler upgrades with STARTTLS and authenticates with AUTH PLAIN", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { cert, key, pem } = await selfSigned(dir);
    await using smtp = await startSmtp(dir, {
      starttls: true,
      cert,
      key,
      user: "bot",
      password: "pw1",
    });
    const base = {
      host: "127.0.0.1",
      port: smtp.port,
      ca: pem,
      from: "t@example.net",
      to: ["a@example.net"],
    };
    const [good, badAuth, untrusted, noTls] = await notify({ ...MSG, body: "ascii only" }, [
      emailHandler({ ...base, tls: "starttls", user: "bot", password: "pw1", name: "good" }),
      emailHandler({ ...base, tls: "starttls", user: "bot", password: "wrong", name: "bad-auth" }),
      emailHandler({
        ...base,
        ca: undefined as unknown as string,
        tls: "starttls",
        name: "untrusted",
      }),
      emailHandler({ ...base, tls: "none", user: "bot", password: "pw1", name: "no-tls" }),
    ]);
    strictEqual(good!.ok, true, good!.error);
    strictEqual(badAuth!.ok, false);
    ok(/535|auth/i.test(badAuth!.error!), badAuth!.error);
    strictEqual(untrusted!.ok, false);
    strictEqual(noTls!.ok, false);
    ok(/without TLS/.test(noTls!.error!), noTls!.error);
    const got = await smtp.received();
    strictEqual(got.length, 1);
    ok(got[0]!.data.includes("ascii only"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("emailHandler speaks implicit TLS (SMTPS) with AUTH LOGIN", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { cert, key, pem } = await selfSigned(dir);
    await using smtp = await startSmtp(dir, {
      implicit_tls: true,
      cert,
      key,
      user: "bot",
      password: "pw",
      insecure_auth: true, // aiosmtpd cannot tell an implicit-TLS transport is encrypted
    });
    const [r] = await notify(MSG, [
      emailHandler({
        host: "127.0.0.1",
        port: smtp.port,
        tls: "implicit",
        ca: pem,
        user: "bot",
        password: "pw",
        authMethod: "LOGIN",
        from: "t@example.net",
        to: ["x@example.net"],
      }),
    ]);
    strictEqual(r!.ok, true, r!.error);
    strictEqual((await smtp.received()).length, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("notify() gives ok:false for a refused port and for a silent server, never throws", async () => {
  const closed = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const refusedPort = closed.addr.port;
  closed.close();
  // a server that accepts and never greets
  const silent = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns: Deno.Conn[] = [];
  const accepting = (async () => {
    for await (const c of silent) conns.push(c);
  })();
  try {
    const to = { from: "t@example.net", to: ["x@example.net"], tls: "none" as const };
    const started = performance.now();
    const [refused, slow] = await notify(MSG, [
      emailHandler({ ...to, host: "127.0.0.1", port: refusedPort, name: "refused" }),
      emailHandler({ ...to, host: "127.0.0.1", port: silent.addr.port, name: "silent" }),
    ], { timeoutMs: 300 });
    strictEqual(refused!.ok, false);
    ok(/ECONNREFUSED|refused/i.test(refused!.error!), refused!.error);
    strictEqual(slow!.ok, false);
    ok(/timed out after 300 ms/.test(slow!.error!), slow!.error);
    ok(performance.now() - started < 3000);
  } finally {
    silent.close();
    await accepting.catch(() => {});
    for (const c of conns) c.close();
  }
});

Deno.test("emailHandler never sends credentials in clear unless allowInsecureAuth", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // a relay that offers AUTH without TLS (no STARTTLS at all)
    await using smtp = await startSmtp(dir, { user: "bot", password: "pw", insecure_auth: true });
    const base = {
      host: "127.0.0.1",
      port: smtp.port,
      user: "bot",
      password: "pw",
      from: "t@example.net",
      to: ["x@example.net"],
    };
    const [refused, allowed] = await notify(MSG, [
      emailHandler({ ...base, tls: "opportunistic", name: "opportunistic" }),
      emailHandler({ ...base, tls: "none", allowInsecureAuth: true, name: "allowed" }),
    ]);
    strictEqual(refused!.ok, false);
    ok(/STARTTLS|TLS/i.test(refused!.error!), refused!.error);
    strictEqual(allowed!.ok, true, allowed!.error);
    strictEqual((await smtp.received()).length, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
