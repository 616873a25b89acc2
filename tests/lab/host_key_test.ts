import { strictEqual } from "node:assert/strict";
import { createHash } from "node:crypto";
import ssh2 from "ssh2";
import { generateHostKey } from "../../lib/lab/host_key.ts";

Deno.test("generateHostKey: every ed25519 key loads in ssh2 and has a 32-byte public key (600 keys)", () => {
  // about one raw pair in 140 comes out 31 bytes long from Deno's node:crypto;
  // 600 keys meet such a pair with a probability above 98 %
  for (let i = 0; i < 600; i++) {
    const k = generateHostKey("ed25519");
    const parsed = ssh2.utils.parseKey(k.privateKey);
    if (parsed instanceof Error) throw parsed;
    const blob = k.publicKey.split(" ")[1]!;
    strictEqual(Buffer.from(blob, "base64").length, 51, k.publicKey);
    strictEqual(parsed.getPublicSSH().toString("base64"), blob);
    const digest = createHash("sha256").update(Buffer.from(blob, "base64")).digest("base64");
    strictEqual(k.fingerprint, `SHA256:${digest.replace(/=+$/, "")}`);
  }
});

Deno.test("generateHostKey: an RSA key for legacy-only devices loads in ssh2", () => {
  const k = generateHostKey("rsa");
  strictEqual(k.type, "ssh-rsa");
  const parsed = ssh2.utils.parseKey(k.privateKey);
  if (parsed instanceof Error) throw parsed;
  strictEqual(parsed.getPublicSSH().toString("base64"), k.publicKey.split(" ")[1]);
});
