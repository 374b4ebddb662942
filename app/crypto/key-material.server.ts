import { createHash } from "node:crypto";

/** Every secret the app reads from its environment (JWT_SECRET, ENCRYPTION_KEY, SESSION_SECRET)
 * is base64 (standard or URL-safe alphabet, padding optional) of at least this many bytes. */
export const MIN_SECRET_BYTES = 32;

export type KeyMaterialResult = { ok: true; bytes: Buffer; encoding: "base64" | "base64url" } | { ok: false; reason: string };

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

/** Decodes a secret exactly as the app reads it at start-up; the wizard uses the same function
 * to check values an owner pastes, so "accepted here" means "accepted by the live instance". */
export function parseKeyMaterial(raw: string): KeyMaterialResult {
  const value = raw.trim();
  if (value.length === 0) return { ok: false, reason: "is empty" };
  const encoding = BASE64.test(value) ? "base64" : BASE64URL.test(value) ? "base64url" : null;
  if (!encoding) return { ok: false, reason: "is not base64 (use the characters A–Z, a–z, 0–9, + / or - _)" };
  if (value.replace(/=+$/, "").length % 4 === 1) return { ok: false, reason: "is not valid base64 (its length is off by one character)" };
  const bytes = Buffer.from(value, encoding);
  if (bytes.length < MIN_SECRET_BYTES) {
    return { ok: false, reason: `decodes to ${bytes.length} bytes; at least ${MIN_SECRET_BYTES} are needed` };
  }
  return { ok: true, bytes, encoding };
}

/** A short public name for a secret: safe to store, log and compare, useless for recovering it. */
export function fingerprintKey(bytes: Buffer): string {
  return "sha256:" + createHash("sha256").update("go-live/key-fingerprint/v1\0").update(bytes).digest("hex").slice(0, 16);
}
