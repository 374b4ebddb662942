import { getEnv } from "~/env.server";
import { deriveSecretBoxKey, SecretBox } from "./secret-box.server";

/** The SecretBox keyed by this platform's ENCRYPTION_KEY (and ENCRYPTION_KEY_PREVIOUS for rotation). */
let cached: { key: Buffer; box: SecretBox } | undefined;

export function platformBox(): SecretBox {
  const env = getEnv();
  if (cached?.key !== env.encryptionKey) {
    cached = { key: env.encryptionKey, box: new SecretBox(deriveSecretBoxKey(env.encryptionKey), env.previousEncryptionKeys.map(deriveSecretBoxKey)) };
  }
  return cached.box;
}
