"""Writes a legacy Trigger .tacacsrc for the import tests, independently of
the TypeScript reader, following docs section 2.5 with the `cryptography`
package (Debian's python3-cryptography): 3DES-EDE in ECB mode, values
space-padded to a multiple of 8 and base64-encoded on one line.

Usage: /usr/bin/python3 _legacy_writer.py OUT.tacacsrc < SPEC.json

SPEC: {"keyText": "...", "login": "...", "passphrase": null,
       "entries": [["realm", "user", "password"], ...],
       "version": "2.0" or null, "wrap": ["realm", ...] (base64 over lines)}
"""
import base64
import hashlib
import json
import sys

from cryptography.hazmat.primitives.ciphers import Cipher, modes

try:  # cryptography >= 43 moved 3DES here
    from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
except ImportError:  # Debian 12: cryptography 38
    from cryptography.hazmat.primitives.ciphers.algorithms import TripleDES


def nibble(ch):
    # Perl pack("H*") on arbitrary characters, as Crypt::TripleDES relied on.
    if "a" <= ch <= "z":
        return (ord(ch) - ord("a") + 10) % 16
    if "A" <= ch <= "Z":
        return (ord(ch) - ord("A") + 10) % 16
    return ord(ch) % 16


def key_from_keyfile(text, login):
    first = text.split("\n")[0].strip()
    padded = (first + login + "\n").ljust(48)[:48]
    return bytes(nibble(padded[i]) * 16 + nibble(padded[i + 1]) for i in range(0, 48, 2))


def key_from_passphrase(passphrase):
    return hashlib.md5(passphrase.encode("utf-8")).hexdigest()[:24].encode("ascii")


def encrypt(key, value):
    data = value.encode("utf-8")
    data += b" " * ((8 - len(data) % 8) % 8)
    enc = Cipher(TripleDES(key), modes.ECB()).encryptor()
    return base64.b64encode(enc.update(data) + enc.finalize()).decode("ascii")


def main():
    spec = json.load(sys.stdin)
    if spec.get("passphrase") is not None:
        key = key_from_passphrase(spec["passphrase"])
    else:
        key = key_from_keyfile(spec["keyText"], spec["login"])
    wrap = set(spec.get("wrap") or [])
    lines = ["# Saved by trigger.tacacsrc at 2014-03-27 16:10:33 GMT", ""]
    if spec.get("version"):
        lines.append("version = " + spec["version"])
    for realm, user, password in spec["entries"]:
        lines.append(f"{realm}_uname_ = {encrypt(key, user)}")
        pw = encrypt(key, password) if password else ""
        if realm in wrap:
            pw = "\n".join(pw[i:i + 76] for i in range(0, len(pw), 76))
        lines.append(f"{realm}_pwd_ = {pw}")
    with open(sys.argv[1], "w", encoding="ascii") as out:
        out.write("\n".join(lines) + "\n")


main()
