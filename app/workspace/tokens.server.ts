import { audit } from "~/audit/audit.server";
import { createApiToken } from "~/auth/api-token.server";
import { db } from "~/db/client.server";
import { DomainError } from "~/domain-error";
import type { Actor } from "./team.server";

/**
 * A person's own API tokens in the current tenant. Every function is bounded by tenant and user:
 * somebody else's token, or one from another tenant, is "not found".
 */
export const MAX_ACTIVE_TOKENS = 25;

const tokenSelect = { id: true, name: true, lastFour: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;

export async function listTokens(actor: Pick<Actor, "tenant" | "user">) {
  return db().apiToken.findMany({
    where: { tenantId: actor.tenant.id, userId: actor.user.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 100,
    select: tokenSelect,
  });
}

export async function getToken(actor: Pick<Actor, "tenant" | "user">, id: string) {
  const row = await db().apiToken.findFirst({ where: { id, tenantId: actor.tenant.id, userId: actor.user.id }, select: tokenSelect });
  if (!row) throw new DomainError("not_found", "No token with that id is yours in this workspace.");
  return row;
}

/** Returns the token in clear exactly once; only its digest is kept. */
export async function createTokenFor(actor: Actor, name: string) {
  const active = await db().apiToken.count({ where: { tenantId: actor.tenant.id, userId: actor.user.id, revokedAt: null } });
  if (active >= MAX_ACTIVE_TOKENS) {
    throw new DomainError("conflict", `You already have ${MAX_ACTIVE_TOKENS} active tokens here. Revoke one you no longer use first.`, { field: "name" });
  }
  const { token, row } = await createApiToken({ tenantId: actor.tenant.id, userId: actor.user.id, name: name.trim() });
  await audit(actor, "API_TOKEN_CREATED", { tokenId: row.id, name: row.name, lastFour: row.lastFour });
  return { token, row: { ...row, lastUsedAt: null, revokedAt: null } };
}

export async function revokeToken(actor: Actor, id: string) {
  const where = { id, tenantId: actor.tenant.id, userId: actor.user.id };
  const row = await db().apiToken.findFirst({ where, select: tokenSelect });
  if (!row) throw new DomainError("not_found", "No token with that id is yours in this workspace.");
  if (row.revokedAt) return { row, changed: false };
  // The revokedAt: null guard makes a concurrent second revoke a no-op instead of a second audit row.
  const updated = await db().apiToken.updateMany({ where: { ...where, revokedAt: null }, data: { revokedAt: new Date() } });
  const fresh = await db().apiToken.findFirstOrThrow({ where, select: tokenSelect });
  if (updated.count === 0) return { row: fresh, changed: false };
  await audit(actor, "API_TOKEN_REVOKED", { tokenId: row.id, name: row.name, lastFour: row.lastFour });
  return { row: fresh, changed: true };
}
