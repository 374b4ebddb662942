import { DomainError } from "~/domain-error";
import { randomBytes } from "node:crypto";
import { fingerprintKey, parseKeyMaterial } from "~/crypto/key-material.server";
import { registerSecretForScrubbing } from "~/logger.server";
import type { TenantContext } from "~/tenancy/context.server";
import { changeDeployConfig, openSecret, sealSecret } from "~/deploy/config/deploy-config.server";

/**
 * Step D. The platform generates the instance's secrets (32 bytes from the CSPRNG, base64: the
 * encoding the app reads) and returns them exactly once. It keeps the JWT secret encrypted (it
 * signs verification tokens with it) and only fingerprints of the others.
 */
export const GENERATED_SECRETS = ["JWT_SECRET", "ENCRYPTION_KEY", "SESSION_SECRET"] as const;
export type GeneratedSecretName = (typeof GENERATED_SECRETS)[number];
export type SecretValues = Record<GeneratedSecretName, string>;

export const SECRET_DESCRIPTIONS: Record<GeneratedSecretName, string> = {
  JWT_SECRET: "signs verification tokens; the wizard keeps it encrypted to call your app",
  ENCRYPTION_KEY: "encrypts stored credentials in your app's database; only its fingerprint is kept here",
  SESSION_SECRET: "signs your app's session cookies; only its fingerprint is kept here",
};

export function generateSecretValues(): SecretValues {
  return {
    JWT_SECRET: randomBytes(32).toString("base64"),
    ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    SESSION_SECRET: randomBytes(32).toString("base64"),
  };
}

export function describeSecret(value: string) {
  const parsed = parseKeyMaterial(value);
  return parsed.ok ? { encoding: parsed.encoding, bytes: parsed.bytes.length, fingerprint: fingerprintKey(parsed.bytes) } : null;
}

export type StoredSecrets = { secrets: SecretValues; rotated: boolean; fingerprints: Record<GeneratedSecretName, string> };

class RotationNotConfirmed extends Error {
  override name = "RotationNotConfirmed";
}

/**
 * Generates (or stores the owner's own) secrets. Replacing existing ones is a rotation and must be
 * confirmed; that is decided on the locked row, so of two devices generating at once, one stores
 * (and shows) its values and the other is asked to confirm a rotation.
 */
export async function storeDeploySecrets(
  ctx: Pick<TenantContext, "tenant" | "user" | "origin">,
  options: { confirmRotation: boolean; provided?: SecretValues },
): Promise<StoredSecrets> {
  const secrets = options.provided ?? generateSecretValues();
  for (const value of Object.values(secrets)) registerSecretForScrubbing(value, { keep: "recent" });
  const fingerprints = Object.fromEntries(
    GENERATED_SECRETS.map((name) => {
      const parsed = parseKeyMaterial(secrets[name]);
      if (!parsed.ok) throw new Error(`${name} ${parsed.reason}`);
      return [name, fingerprintKey(parsed.bytes)];
    }),
  ) as Record<GeneratedSecretName, string>;
  // The form refuses this with a message; here it is an invariant (fingerprints are of the decoded bytes).
  if (new Set(Object.values(fingerprints)).size < GENERATED_SECRETS.length) throw new Error("each deploy secret must be a different key");

  let rotating = false;
  try {
    await changeDeployConfig(ctx, {
      data: (row) => {
        rotating = row.secretsGeneratedAt !== null;
        if (rotating && !options.confirmRotation) throw new RotationNotConfirmed();
        return {
          jwtSecretEncrypted: sealSecret(ctx.tenant.id, "jwtSecret", secrets.JWT_SECRET),
          jwtSecretFingerprint: fingerprints.JWT_SECRET,
          encryptionKeyFingerprint: fingerprints.ENCRYPTION_KEY,
          sessionSecretFingerprint: fingerprints.SESSION_SECRET,
          secretsGeneratedAt: new Date(),
        };
      },
      compare: () => false,
      force: true,
      action: (row) => (row.secretsGeneratedAt !== null ? "DEPLOY_SECRETS_ROTATED" : "DEPLOY_SECRETS_GENERATED"),
      metadata: { source: options.provided ? "provided" : "generated", fingerprints },
    });
  } catch (error) {
    if (!(error instanceof RotationNotConfirmed)) throw error;
    throw new DomainError(
      "confirmation_required",
      "Secrets already exist. Replacing them is a rotation: your live app keeps the old ones until you update its environment, and it must be verified again. Confirm to continue.",
      { fix: { text: "Confirm the rotation (the API: send confirmRotation: true).", href: "/dashboard/deploy/secrets" } },
    );
  }
  return { secrets, rotated: rotating, fingerprints };
}

/** The tenant's JWT secret as bytes, for signing verification tokens. */
export function openJwtSecret(tenantId: string, sealed: string): Buffer {
  const value = openSecret(tenantId, "jwtSecret", sealed);
  const parsed = parseKeyMaterial(value);
  if (!parsed.ok) throw new Error("stored JWT secret is not valid key material");
  return parsed.bytes;
}
