import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/db/client.server";
import { scrubSecrets } from "~/logger.server";
import type { TenantContext } from "~/tenancy/context.server";

export const AUDIT_ACTIONS = [
  "SIGNED_IN",
  "SIGNED_OUT_EVERYWHERE",
  "PASSWORD_CHANGED",
  "MEMBER_INVITED",
  "INVITATION_REVOKED",
  "INVITATION_ACCEPTED",
  "MEMBER_ROLE_CHANGED",
  "SETUP_ITEM_UPDATED",
  "MODULE_UPDATED",
  "API_TOKEN_CREATED",
  "API_TOKEN_REVOKED",
  "DEPLOY_CONFIG_SAVED",
  "DEPLOY_SECRETS_GENERATED",
  "DEPLOY_SECRETS_ROTATED",
  "DEPLOY_KEYS_SAVED",
  "PREFLIGHT_PASSED",
  "PREFLIGHT_FAILED",
  "DEPLOY_VERIFIED",
  "DEPLOY_VERIFY_FAILED",
  "TENANT_MARKED_LIVE",
  "DEPLOY_WORKSPACE_HANDED_OVER",
  "DEPLOY_CLAIM_LINK_ISSUED",
  "WORKSPACE_RECEIVED",
  "LIVE_INCIDENT_STARTED",
  "LIVE_INCIDENT_ENDED",
  "LIVE_CERTIFICATE_EXPIRING",
  "LIVE_MONITOR_SAVED",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

type AuditClient = Pick<Prisma.TransactionClient, "auditLog">;

type Actor = Pick<TenantContext, "tenant" | "user" | "origin">;

/** One audit row's values. Metadata is for ids, names and outcomes; as a backstop every string in
 * it is scrubbed of URL passwords and known secrets. Also used where the row is written in the
 * same statement as what it records (app/deploy/runs.server.ts). */
export function auditEntry(ctx: Actor, action: AuditAction, metadata: Record<string, unknown> = {}) {
  return {
    tenantId: ctx.tenant.id,
    actorUserId: ctx.user.id,
    actorLabel: ctx.user.email,
    action,
    origin: ctx.origin,
    metadata: JSON.parse(scrubSecrets(JSON.stringify(metadata))) as Prisma.InputJsonObject,
  };
}

export async function audit(ctx: Actor, action: AuditAction, metadata: Record<string, unknown> = {}, client: AuditClient = db()) {
  await client.auditLog.create({ data: auditEntry(ctx, action, metadata) });
}

export async function listAudit(tenantId: string, options: { take?: number; before?: Date } = {}) {
  return db().auditLog.findMany({
    where: { tenantId, ...(options.before ? { createdAt: { lt: options.before } } : {}) },
    orderBy: { createdAt: "desc" },
    take: options.take ?? 50,
    select: { id: true, action: true, actorLabel: true, origin: true, metadata: true, createdAt: true },
  });
}
