import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { fingerprintKey } from "./key-material.server";

/**
 * Authenticated encryption for values stored in the database (AES-256-GCM).
 *
 * Envelope: `v1.<keyId>.<iv>.<ciphertext>.<tag>` (base64url parts). The key id names the key that
 * sealed it, so after a rotation values sealed with ENCRYPTION_KEY_PREVIOUS still open. The
 * associated data binds each value to its tenant and field: a value copied into another row fails.
 */
const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type SecretBoxKey = { id: string; key: Buffer };

export function deriveSecretBoxKey(material: Buffer): SecretBoxKey {
  const key = Buffer.from(hkdfSync("sha256", material, Buffer.alloc(0), "go-live/secret-box/v1", 32));
  return { id: fingerprintKey(material).slice("sha256:".length, "sha256:".length + 8), key };
}

export class SecretBox {
  constructor(
    private readonly current: SecretBoxKey,
    private readonly previous: SecretBoxKey[] = [],
  ) {}

  seal(plaintext: string, context: { tenantId: string; field: string }): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.current.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(context));
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return [VERSION, this.current.id, iv, body, cipher.getAuthTag()].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
  }

  open(envelope: string, context: { tenantId: string; field: string }): string {
    const parts = envelope.split(".");
    if (parts.length !== 5 || parts[0] !== VERSION) throw new SecretBoxError("unknown envelope format");
    const [, keyId, ivText, bodyText, tagText] = parts as [string, string, string, string, string];
    const key = [this.current, ...this.previous].find((candidate) => candidate.id === keyId);
    if (!key) throw new SecretBoxError("sealed with a key that is not configured (set ENCRYPTION_KEY_PREVIOUS)");
    const iv = Buffer.from(ivText, "base64url");
    const tag = Buffer.from(tagText, "base64url");
    // Node accepts GCM tags as short as 4 bytes unless told otherwise.
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretBoxError("malformed envelope");
    try {
      const decipher = createDecipheriv("aes-256-gcm", key.key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(associatedData(context));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(Buffer.from(bodyText, "base64url")), decipher.final()]).toString("utf8");
    } catch {
      throw new SecretBoxError("value does not authenticate (wrong key, tenant or field)");
    }
  }

  /** True when the envelope was sealed with an older key and should be re-sealed. */
  needsRotation(envelope: string): boolean {
    return envelope.split(".")[1] !== this.current.id;
  }
}

export class SecretBoxError extends Error {
  override name = "SecretBoxError";
}

function associatedData({ tenantId, field }: { tenantId: string; field: string }) {
  return Buffer.from(`go-live:${tenantId}:${field}`, "utf8");
}
