/**
 * The lab's SSH host keys: generated per lab, kept in memory, published as a
 * SHA256 fingerprint and OpenSSH `known_hosts` lines.
 *
 * @module
 */
import { createHash } from "node:crypto";
import ssh2 from "ssh2";

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

/** Generates a host key: ed25519 (modern) or 2048-bit RSA (for legacy-only devices). */
export function generateHostKey(type: "ed25519" | "rsa"): LabHostKey {
  const pair = type === "rsa"
    ? ssh2.utils.generateKeyPairSync("rsa", { bits: 2048 })
    : ssh2.utils.generateKeyPairSync("ed25519");
  const [keyType = "", blob = ""] = pair.public.trim().split(/\s+/);
  return {
    type: keyType,
    privateKey: pair.private,
    publicKey: `${keyType} ${blob}`,
    fingerprint: fingerprintOf(blob),
  };
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
