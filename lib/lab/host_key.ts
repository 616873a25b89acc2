/**
 * The lab's SSH host keys: generated per lab, kept in memory, published as a
 * SHA256 fingerprint and OpenSSH `known_hosts` lines.
 *
 * @module
 */
import { createHash } from "node:crypto";
import ssh2 from "ssh2";
import { TriggerError } from "../errors.ts";

/** A generated host key pair. */
export interface LabHostKey {
  /** Key type (`ssh-ed25519`, `ssh-rsa`). */
  type: string;
  /** Private key, OpenSSH format (never written to disk by the lab). */
  privateKey: string;
  /** Public key line: `ssh-ed25519 AAAA...`. */
  publicKey: string;
  /** `SHA256:...` fingerprint as `ssh-keygen -l` prints it. */
  fingerprint: string;
}

/**
 * Generates a host key: ed25519 (modern) or 2048-bit RSA (for legacy-only
 * devices), checked to parse before it is used.
 *
 * Deno's `node:crypto` export drops a zero byte from about one ed25519
 * public key in 140, so `ssh2` builds a 31-byte key that no SSH server can
 * load (it threw later, when the first client connected, and every device of
 * that lab timed out). Such pairs are thrown away and made again.
 */
export function generateHostKey(type: "ed25519" | "rsa"): LabHostKey {
  for (let attempt = 1;; attempt++) {
    const pair = type === "rsa"
      ? ssh2.utils.generateKeyPairSync("rsa", { bits: 2048 })
      : ssh2.utils.generateKeyPairSync("ed25519");
    const [keyType = "", blob = ""] = pair.public.trim().split(/\s+/);
    if (usable(type, pair.private, blob)) {
      return {
        type: keyType,
        privateKey: pair.private,
        publicKey: `${keyType} ${blob}`,
        fingerprint: fingerprintOf(blob),
      };
    }
    if (attempt === 20) {
      throw new TriggerError("IO_ERROR", `Cannot generate a usable ${type} host key for the lab`);
    }
  }
}

/** Whether ssh2 loads the private key and an ed25519 public key has its 32 bytes. */
function usable(type: "ed25519" | "rsa", privateKey: string, blob: string): boolean {
  if (ssh2.utils.parseKey(privateKey) instanceof Error) return false;
  if (type === "rsa") return true;
  // string "ssh-ed25519" (4 + 11 bytes), then the key as a string (4 + 32)
  return Buffer.from(blob, "base64").length === 4 + 11 + 4 + 32;
}

/** The `SHA256:` fingerprint of a base64 public key blob. */
export function fingerprintOf(base64Blob: string): string {
  const digest = createHash("sha256").update(Buffer.from(base64Blob, "base64")).digest("base64");
  return `SHA256:${digest.replace(/=+$/, "")}`;
}

/** One `known_hosts` line: `[127.0.0.1]:2222 ssh-ed25519 AAAA...` (no brackets for port 22). */
export function knownHostsLine(address: string, port: number, key: LabHostKey): string {
  const host = port === 22 ? address : `[${address}]:${port}`;
  return `${host} ${key.publicKey}`;
}
