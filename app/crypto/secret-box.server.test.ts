import { describe, expect, it } from "vitest";
import { deriveSecretBoxKey, SecretBox, SecretBoxError } from "./secret-box.server";

const keyA = deriveSecretBoxKey(Buffer.alloc(32, 1));
const keyB = deriveSecretBoxKey(Buffer.alloc(32, 2));
const ctx = { tenantId: "tenant-1", field: "dbUrl" };

describe("SecretBox", () => {
  it("round-trips and never returns the plaintext inside the envelope", () => {
    const box = new SecretBox(keyA);
    const sealed = box.seal("postgresql://app:s3cret@db.example.com/app", ctx);
    expect(sealed).toMatch(/^v1\.[0-9a-f]{8}\./);
    expect(sealed).not.toContain("s3cret");
    expect(box.open(sealed, ctx)).toBe("postgresql://app:s3cret@db.example.com/app");
  });

  it("uses a fresh IV every time", () => {
    const box = new SecretBox(keyA);
    expect(box.seal("same", ctx)).not.toBe(box.seal("same", ctx));
  });

  it("refuses a value moved to another tenant or field (associated data)", () => {
    const box = new SecretBox(keyA);
    const sealed = box.seal("value", ctx);
    expect(() => box.open(sealed, { ...ctx, tenantId: "tenant-2" })).toThrow(SecretBoxError);
    expect(() => box.open(sealed, { ...ctx, field: "jwtSecret" })).toThrow(SecretBoxError);
  });

  it("refuses tampered ciphertext and truncated tags (Node would accept a 4-byte tag)", () => {
    const box = new SecretBox(keyA);
    const parts = box.seal("value", ctx).split(".");
    const body = Buffer.from(parts[3]!, "base64url");
    body[0]! ^= 1;
    expect(() => box.open([...parts.slice(0, 3), body.toString("base64url"), parts[4]].join("."), ctx)).toThrow(SecretBoxError);
    const shortTag = Buffer.from(parts[4]!, "base64url").subarray(0, 4).toString("base64url");
    expect(() => box.open([...parts.slice(0, 4), shortTag].join("."), ctx)).toThrow(/malformed/);
  });

  it("opens values sealed with a previous key after rotation, and says they need re-sealing", () => {
    const old = new SecretBox(keyA).seal("value", ctx);
    const rotated = new SecretBox(keyB, [keyA]);
    expect(rotated.open(old, ctx)).toBe("value");
    expect(rotated.needsRotation(old)).toBe(true);
    expect(rotated.needsRotation(rotated.seal("value", ctx))).toBe(false);
    expect(() => new SecretBox(keyB).open(old, ctx)).toThrow(/ENCRYPTION_KEY_PREVIOUS/);
  });

  it("matches a known answer for a fixed key, IV and context", async () => {
    const { createDecipheriv } = await import("node:crypto");
    const sealed = new SecretBox(keyA).seal("known", ctx).split(".");
    const decipher = createDecipheriv("aes-256-gcm", keyA.key, Buffer.from(sealed[2]!, "base64url"), { authTagLength: 16 });
    decipher.setAAD(Buffer.from("go-live:tenant-1:dbUrl"));
    decipher.setAuthTag(Buffer.from(sealed[4]!, "base64url"));
    expect(Buffer.concat([decipher.update(Buffer.from(sealed[3]!, "base64url")), decipher.final()]).toString()).toBe("known");
  });
});
