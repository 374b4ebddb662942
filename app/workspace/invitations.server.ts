import { createHash, randomBytes } from "node:crypto";
import { audit } from "~/audit/audit.server";
import { hashPassword } from "~/auth/password.server";
import { db } from "~/db/client.server";
import { getEnv } from "~/env.server";
import type { Prisma } from "~/generated/prisma/client";
import { ROLE_LABELS, type RoleName } from "~/tenancy/roles";
import { DomainError } from "~/domain-error";
import { INVITATION_DAYS } from "./schemas";
import { requireManager, type Actor } from "./team.server";

/**
 * Invitations: the only way a person joins a workspace. Adding someone never creates an account or
 * sets a password, and answers the same whether or not the address has an account; the invited
 * person chooses their own password (a new account) or signs in as their account to accept.
 * The link's token is shown once and stored as its SHA-256 digest; it is single-use, revocable and
 * expires.
 */
const TOKEN_PREFIX = "glinv_";
const MAX_PENDING_PER_WORKSPACE = 200;

export function invitationLink(token: string) {
  return `${getEnv().appUrl}/invite?token=${encodeURIComponent(token)}`;
}

function digest(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

/** Cheap offline check before any database work. */
export function isWellFormedInvitationToken(token: string) {
  return token.startsWith(TOKEN_PREFIX) && /^[A-Za-z0-9_-]{43}$/.test(token.slice(TOKEN_PREFIX.length));
}

const invitationSelect = {
  id: true,
  email: true,
  role: true,
  createdAt: true,
  expiresAt: true,
  acceptedAt: true,
  revokedAt: true,
  invitedBy: { select: { name: true } },
} as const;

type InvitationRow = Prisma.InvitationGetPayload<{ select: typeof invitationSelect }>;

export type InvitationState = "pending" | "expired" | "accepted" | "revoked";

function stateOf(row: { expiresAt: Date; acceptedAt: Date | null; revokedAt: Date | null }, now = new Date()): InvitationState {
  if (row.acceptedAt) return "accepted";
  if (row.revokedAt) return "revoked";
  return row.expiresAt.getTime() <= now.getTime() ? "expired" : "pending";
}

function toInvitation(row: InvitationRow) {
  return {
    id: row.id,
    email: row.email,
    role: row.role as RoleName,
    invitedBy: row.invitedBy?.name ?? null,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    state: stateOf(row),
  };
}

export type Invitation = ReturnType<typeof toInvitation>;

/**
 * Invites a person. A pending invitation to the same address is replaced (its link stops working),
 * so a lost link is fixed by inviting again. Returns the link in clear exactly once.
 */
export async function createInvitation(actor: Actor, input: { email: string; role: RoleName }) {
  requireManager(actor, "invite people");
  if (input.role === "OWNER" && actor.role !== "OWNER") {
    throw new DomainError("forbidden", "Only an owner can invite another owner. Choose Admin, Member or Viewer.", { field: "role" });
  }
  const tenantId = actor.tenant.id;
  const email = input.email.trim().toLowerCase();
  // Visible on the team page anyway, so this reveals nothing about accounts elsewhere.
  const member = await db().membership.findFirst({ where: { tenantId, active: true, user: { email } }, select: { id: true } });
  if (member) throw new DomainError("conflict", `${email} is already a member of this workspace.`, { field: "email" });

  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const now = new Date();
  return db().$transaction(async (tx) => {
    const replaced = await tx.invitation.updateMany({
      where: { tenantId, email, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { revokedAt: now },
    });
    const pending = await tx.invitation.count({ where: { tenantId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } } });
    if (pending >= MAX_PENDING_PER_WORKSPACE) {
      throw new DomainError("conflict", `This workspace already has ${MAX_PENDING_PER_WORKSPACE} open invitations. Revoke some first.`);
    }
    const row = await tx.invitation.create({
      data: {
        tenantId,
        email,
        role: input.role,
        tokenHash: digest(token),
        invitedById: actor.user.id,
        expiresAt: new Date(now.getTime() + INVITATION_DAYS * 24 * 60 * 60 * 1000),
      },
      select: invitationSelect,
    });
    await audit(actor, "MEMBER_INVITED", { invitationId: row.id, email, role: input.role, replacedPending: replaced.count > 0 }, tx);
    return { invitation: toInvitation(row), link: invitationLink(token) };
  });
}

/** Open invitations of a workspace (pending and recently expired), newest first. */
export async function listInvitations(tenantId: string) {
  const rows = await db().invitation.findMany({
    where: { tenantId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date(Date.now() - INVITATION_DAYS * 24 * 60 * 60 * 1000) } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: MAX_PENDING_PER_WORKSPACE,
    select: invitationSelect,
  });
  return rows.map(toInvitation);
}

export async function revokeInvitation(actor: Actor, id: string) {
  requireManager(actor, "revoke invitations");
  const where = { id, tenantId: actor.tenant.id };
  const row = await db().invitation.findFirst({ where, select: invitationSelect });
  if (!row) throw new DomainError("not_found", "No invitation with that id in this workspace.");
  if (row.role === "OWNER" && actor.role !== "OWNER") throw new DomainError("forbidden", "Only an owner can revoke an invitation to be an owner.");
  const state = stateOf(row);
  if (state === "accepted") throw new DomainError("conflict", "This invitation was already accepted. Change the person's role or remove them instead.");
  if (state === "revoked") return { invitation: toInvitation(row), changed: false };
  const updated = await db().invitation.updateMany({ where: { ...where, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
  const fresh = await db().invitation.findFirstOrThrow({ where, select: invitationSelect });
  if (updated.count === 0) return { invitation: toInvitation(fresh), changed: false };
  await audit(actor, "INVITATION_REVOKED", { invitationId: id, email: row.email, role: row.role });
  return { invitation: toInvitation(fresh), changed: true };
}

export type InvitationView = {
  state: InvitationState;
  email: string;
  role: RoleName;
  roleLabel: string;
  tenantName: string;
  invitedBy: string | null;
  expiresAt: Date;
};

/** What the invitation page shows to whoever holds the link; null for a link that is not one of ours. */
export async function viewInvitation(token: string): Promise<InvitationView | null> {
  if (!isWellFormedInvitationToken(token)) return null;
  const row = await db().invitation.findUnique({
    where: { tokenHash: digest(token) },
    select: { ...invitationSelect, tenant: { select: { name: true } } },
  });
  if (!row) return null;
  const role = row.role as RoleName;
  return {
    state: stateOf(row),
    email: row.email,
    role,
    roleLabel: ROLE_LABELS[role],
    tenantName: row.tenant.name,
    invitedBy: row.invitedBy?.name ?? null,
    expiresAt: row.expiresAt,
  };
}

const notUsable: Record<Exclude<InvitationState, "pending">, string> = {
  expired: "This invitation has expired. Ask the person who invited you for a new one.",
  accepted: "This invitation has already been used. Sign in to open the workspace.",
  revoked: "This invitation was withdrawn. Ask the person who invited you for a new one.",
};

/**
 * Marks the invitation used, atomically (one statement with every condition), so two tabs or two
 * people with the same link cannot both use it. Returns the row, or throws why it cannot be used.
 */
async function claim(tx: Prisma.TransactionClient, token: string) {
  const tokenHash = digest(token);
  const claimed = await tx.invitation.updateManyAndReturn({
    where: { tokenHash, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    data: { acceptedAt: new Date() },
    select: { id: true, tenantId: true, email: true, role: true, tenant: { select: { id: true, name: true, slug: true } } },
  });
  if (claimed[0]) return claimed[0];
  const row = await tx.invitation.findUnique({ where: { tokenHash }, select: { expiresAt: true, acceptedAt: true, revokedAt: true } });
  if (!row) throw new DomainError("not_found", "This invitation link is not valid. Check that you copied all of it.");
  throw new DomainError("conflict", notUsable[stateOf(row) as Exclude<InvitationState, "pending">]);
}

async function joinWorkspace(
  tx: Prisma.TransactionClient,
  invitation: Awaited<ReturnType<typeof claim>>,
  user: { id: string; email: string; name: string },
  origin: string,
) {
  // Someone who is already a member keeps the role they have; the invitation is used up either way.
  const existing = await tx.membership.findUnique({ where: { tenantId_userId: { tenantId: invitation.tenantId, userId: user.id } }, select: { active: true } });
  if (!existing?.active) {
    await tx.membership.upsert({
      where: { tenantId_userId: { tenantId: invitation.tenantId, userId: user.id } },
      create: { tenantId: invitation.tenantId, userId: user.id, role: invitation.role },
      update: { role: invitation.role, active: true },
    });
  }
  await tx.invitation.update({ where: { id: invitation.id }, data: { acceptedByUserId: user.id } });
  await audit(
    { tenant: invitation.tenant, user, origin },
    "INVITATION_ACCEPTED",
    { invitationId: invitation.id, role: invitation.role, alreadyMember: Boolean(existing?.active) },
    tx,
  );
  return invitation.tenant;
}

/**
 * Accepts as a new account: the person chooses their name and password. When the address already
 * has an account, nothing is created or changed: they must sign in as that account to accept.
 */
export async function acceptAsNewAccount(token: string, input: { name: string; password: string }, origin: string) {
  if (!isWellFormedInvitationToken(token)) throw new DomainError("not_found", "This invitation link is not valid. Check that you copied all of it.");
  const passwordHash = await hashPassword(input.password);
  return db().$transaction(async (tx) => {
    const invitation = await claim(tx, token);
    const taken = await tx.user.findUnique({ where: { email: invitation.email }, select: { id: true } });
    if (taken)
      throw new DomainError("conflict", "This address already has a Go-Live account. Sign in as that account to accept the invitation.", { field: "password" });
    const user = await tx.user.create({
      data: { email: invitation.email, name: input.name.trim(), passwordHash },
      select: { id: true, email: true, name: true },
    });
    const tenant = await joinWorkspace(tx, invitation, user, origin);
    return { user, tenant };
  });
}

/** Accepts as the signed-in account, which must be the invited address. */
export async function acceptAsSignedIn(token: string, user: { id: string; email: string; name: string }, origin: string) {
  if (!isWellFormedInvitationToken(token)) throw new DomainError("not_found", "This invitation link is not valid. Check that you copied all of it.");
  return db().$transaction(async (tx) => {
    const invitation = await claim(tx, token);
    if (invitation.email !== user.email.toLowerCase()) {
      throw new DomainError("forbidden", `This invitation is for another address. Sign out, then open the link again and sign in as the invited address.`);
    }
    const tenant = await joinWorkspace(tx, invitation, user, origin);
    return { user, tenant };
  });
}
