import type { Prisma } from "~/generated/prisma/client";
import { registerSecretForScrubbing } from "~/logger.server";
import type { TenantContext } from "~/tenancy/context.server";
import { changeDeployConfig, openSecret, sealSecret, storedOptionalKeys, type StoredOptionalKeys } from "./deploy-config.server";
import { maskOptionalKey, OPTIONAL_KEYS, type OptionalKeyName, type OptionalKeysInput } from "./optional-keys";

/** Step E: store the given keys encrypted (blank keeps, `remove` deletes), audit names only. */
export async function saveOptionalKeys(ctx: Pick<TenantContext, "tenant" | "user" | "origin">, input: OptionalKeysInput) {
  const given = OPTIONAL_KEYS.filter((name) => input[name] !== undefined);
  const removed = (input.remove ?? []).filter((name) => !given.includes(name));
  for (const name of given) registerSecretForScrubbing(input[name], { keep: "recent" });
  const field = (name: OptionalKeyName) => `key:${name}`;

  const next = (current: StoredOptionalKeys): StoredOptionalKeys => {
    const out: StoredOptionalKeys = { ...current };
    for (const name of removed) delete out[name];
    for (const name of given) out[name] = { sealed: sealSecret(ctx.tenant.id, field(name), input[name]!), masked: maskOptionalKey(name, input[name]!) };
    return out;
  };
  return changeDeployConfig(ctx, {
    data: (row) => ({ optionalKeysEncrypted: next(storedOptionalKeys(row)) as unknown as Prisma.InputJsonValue }),
    compare: (row) => {
      const current = storedOptionalKeys(row);
      const sameGiven = given.every((name) => current[name] && openSecret(ctx.tenant.id, field(name), current[name]!.sealed) === input[name]);
      return sameGiven && removed.every((name) => !current[name]);
    },
    action: "DEPLOY_KEYS_SAVED",
    metadata: { set: given, removed },
  });
}

export function openOptionalKey(tenantId: string, name: OptionalKeyName, stored: StoredOptionalKeys) {
  const entry = stored[name];
  return entry ? openSecret(tenantId, `key:${name}`, entry.sealed) : null;
}
