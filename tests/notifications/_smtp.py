"""A local SMTP server for the notification tests (Debian's python3-aiosmtpd).

Usage: _smtp.py CONFIG_JSON
CONFIG: {"out": path, "starttls": bool, "implicit_tls": bool, "cert": path, "key": path,
         "user": str|null, "password": str|null}
Listens on 127.0.0.1, port chosen by the OS, prints "PORT <n>" and serves until killed.
Each accepted message is appended to "out" as one JSON line {mail_from, rcpt_tos, data}.
"""
import asyncio
import json
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

cfg = json.loads(sys.argv[1])


class Handler:
    async def handle_DATA(self, server, session, envelope):
        with open(cfg["out"], "a") as f:
            f.write(json.dumps({
                "mail_from": envelope.mail_from,
                "rcpt_tos": envelope.rcpt_tos,
                "data": envelope.content.decode("utf8", "replace"),
            }) + "\n")
        return "250 Message accepted for delivery"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (isinstance(auth_data, LoginPassword)
          and auth_data.login.decode() == cfg.get("user")
          and auth_data.password.decode() == cfg.get("password"))
    return AuthResult(success=ok, handled=False)


async def main():
    ctx = None
    if cfg.get("cert"):
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(cfg["cert"], cfg["key"])
    kwargs = {}
    if cfg.get("starttls"):
        kwargs.update(tls_context=ctx, require_starttls=True)
    if cfg.get("user"):
        kwargs.update(authenticator=authenticator, auth_required=True,
                      auth_require_tls=not cfg.get("insecure_auth", False))
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(Handler(), hostname="test.local", **kwargs),
        "127.0.0.1", 0, ssl=ctx if cfg.get("implicit_tls") else None)
    print("PORT", server.sockets[0].getsockname()[1], flush=True)
    await asyncio.Event().wait()


asyncio.run(main())
