import { audit } from "~/audit/audit.server";
import { db } from "~/db/client.server";
import type { TenantContext } from "~/tenancy/context.server";
import { canManage, ROLE_LABELS, type RoleName } from "~/tenancy/roles";
import { DomainError } from "~/domain-error";

/**
 * People and roles of one tenant (people join by invitation: invitations.server.ts). Rules: only owners and admins change anything; an admin can
 * neither make an owner nor touch one; the last active owner cannot be demoted.
 */
export type Actor = Pick<TenantContext, "tenant" | "user" | "role" | "origin">;

const memberSelect = { role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } } as const;

type MemberRow = { role: RoleName; createdAt: Date; user: { id: string; email: string; name: string } };

function toMember(row: MemberRow) {
  return { userId: row.user.id, email: row.user.email, name: row.user.name, role: row.role, joinedAt: row.createdAt };
}

export type Member = ReturnType<typeof toMember>;

export function requireManager(actor: Actor, what = "manage the team") {
  if (!canManage(actor.role)) throw new DomainError("forbidden", `Only owners and admins can ${what}.`);
}

export async function listMembers(tenantId: string) {
  const rows = await db().membership.findMany({
    where: { tenantId, active: true },
    select: memberSelect,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map(toMember);
}

/** The workspaces a person belongs to, oldest membership first. */
export async function listWorkspacesOf(userId: string) {
  const rows = await db().membership.findMany({
    where: { userId, active: true },
    select: { role: true, tenant: { select: { id: true, name: true } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map((row) => ({ id: row.tenant.id, name: row.tenant.name, role: row.role as RoleName }));
}

export async function getMember(tenantId: string, userId: string) {
  const row = await db().membership.findFirst({ where: { tenantId, userId, active: true }, select: memberSelect });
  if (!row) throw new DomainError("not_found", "No member with that id in this workspace.");
  return toMember(row);
}

export async function changeRole(actor: Actor, userId: string, role: RoleName) {
  requireManager(actor);
  const tenantId = actor.tenant.id;
  return db().$transaction(async (tx) => {
    // Lock the tenant's owner rows first (always in the same order), so two concurrent demotions
    // cannot both see "another owner remains" and leave the workspace without one.
    const owners = await tx.$queryRaw<{ userId: string }[]>`
      SELECT "userId" FROM "Membership"
      WHERE "tenantId" = ${tenantId} AND "role" = 'OWNER' AND "active" = true
      ORDER BY "id" FOR UPDATE`;
    const target = await tx.membership.findFirst({ where: { tenantId, userId, active: true }, select: { id: true, ...memberSelect } });
    if (!target) throw new DomainError("not_found", "No member with that id in this workspace.");
    if (actor.role !== "OWNER" && (role === "OWNER" || target.role === "OWNER")) {
      throw new DomainError("forbidden", "Only an owner can make someone an owner or change an owner's role.", { field: "role" });
    }
    if (target.role === role) return { member: toMember(target), changed: false };
    if (target.role === "OWNER" && !owners.some((owner) => owner.userId !== userId)) {
      throw new DomainError("conflict", "This is the workspace's last owner. Make someone else an owner first.", { field: "role" });
    }
    const row = await tx.membership.update({ where: { id: target.id }, data: { role }, select: memberSelect });
    await audit(actor, "MEMBER_ROLE_CHANGED", { userId, name: target.user.name, from: target.role, to: role }, tx);
    return { member: toMember(row), changed: true };
  });
}

/**
 * Who can act on the workspace's deploy, for the people who cannot: "Olivia Owner (Owner) or Adam
 * Admin (Admin)", owners first, at most three named.
 */
export async function whoCanDeploy(tenantId: string) {
  const rows = await db().membership.findMany({
    where: { tenantId, active: true, role: { in: ["OWNER", "ADMIN"] } },
    select: { role: true, user: { select: { name: true, email: true } } },
    orderBy: [{ role: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    take: 4,
  });
  const names = rows.slice(0, 3).map((row) => `${row.user.name || row.user.email} (${ROLE_LABELS[row.role]})`);
  if (rows.length > 3) names.push("another owner or admin");
  return names.length > 1 ? `${names.slice(0, -1).join(", ")} or ${names.at(-1)}` : (names[0] ?? "an owner or admin");
}
