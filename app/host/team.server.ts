import { audit } from "~/audit/audit.server";
import { hashPassword } from "~/auth/password.server";
import { db } from "~/db/client.server";
import type { TenantContext } from "~/tenancy/context.server";
import { canManage, type RoleName } from "~/tenancy/roles";
import { HostError } from "./host-error.server";
import type { AddMemberInput } from "./schemas";

/**
 * People and roles of one tenant. Rules: only owners and admins change anything; an admin can
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
  if (!canManage(actor.role)) throw new HostError("forbidden", `Only owners and admins can ${what}.`);
}

export async function listMembers(tenantId: string) {
  const rows = await db().membership.findMany({
    where: { tenantId, active: true },
    select: memberSelect,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map(toMember);
}

export async function getMember(tenantId: string, userId: string) {
  const row = await db().membership.findFirst({ where: { tenantId, userId, active: true }, select: memberSelect });
  if (!row) throw new HostError("not_found", "No member with that id in this workspace.");
  return toMember(row);
}

/** Adds a person: links an existing account by email, or creates one with the given initial password. */
export async function addMember(actor: Actor, input: AddMemberInput) {
  requireManager(actor);
  if (input.role === "OWNER" && actor.role !== "OWNER") {
    throw new HostError("forbidden", "Only an owner can add another owner. Choose Admin, Member or Viewer.", "role");
  }
  const email = input.email.trim().toLowerCase();
  const existing = await db().user.findUnique({ where: { email }, select: { id: true, email: true, name: true } });
  if (existing) {
    const membership = await db().membership.findFirst({ where: { tenantId: actor.tenant.id, userId: existing.id }, select: { active: true } });
    if (membership?.active) throw new HostError("conflict", `${email} is already a member of this workspace.`, "email");
  } else if (!input.password) {
    throw new HostError("invalid", "This email has no account yet: set an initial password (at least 12 characters) to create one.", "password");
  }
  // Hashing is slow; keep it outside the transaction.
  const passwordHash = existing ? null : await hashPassword(input.password!);

  return db().$transaction(async (tx) => {
    const user = existing ?? (await tx.user.create({ data: { email, name: input.name.trim(), passwordHash: passwordHash! }, select: { id: true, email: true, name: true } }));
    const row = await tx.membership.upsert({
      where: { tenantId_userId: { tenantId: actor.tenant.id, userId: user.id } },
      create: { tenantId: actor.tenant.id, userId: user.id, role: input.role },
      update: { role: input.role, active: true },
      select: memberSelect,
    });
    await audit(actor, "MEMBER_ADDED", { userId: user.id, email: user.email, name: user.name, role: input.role, newAccount: !existing }, tx);
    return { member: toMember(row), newAccount: !existing };
  });
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
    if (!target) throw new HostError("not_found", "No member with that id in this workspace.");
    if (actor.role !== "OWNER" && (role === "OWNER" || target.role === "OWNER")) {
      throw new HostError("forbidden", "Only an owner can make someone an owner or change an owner's role.", "role");
    }
    if (target.role === role) return { member: toMember(target), changed: false };
    if (target.role === "OWNER" && !owners.some((owner) => owner.userId !== userId)) {
      throw new HostError("conflict", "This is the workspace's last owner. Make someone else an owner first.", "role");
    }
    const row = await tx.membership.update({ where: { id: target.id }, data: { role }, select: memberSelect });
    await audit(actor, "MEMBER_ROLE_CHANGED", { userId, name: target.user.name, from: target.role, to: role }, tx);
    return { member: toMember(row), changed: true };
  });
}
