import { createHash, randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import { db } from "~/db/client.server";
import { DomainError } from "~/domain-error";
import type { Prisma } from "~/generated/prisma/client";
import { scrubSecrets } from "~/logger.server";
import { ROLES } from "~/tenancy/roles";
import { invitationLink } from "./invitations.server";
import { MODULES } from "./module-catalogue";
import { INVITATION_DAYS } from "./schemas";
import { SETUP_KEYS } from "./setup-catalogue";

/**
 * The instance's side of the hand-over: the platform sends what it owns of a workspace (its id,
 * name and slug, the setup checklist, the modules, and the team as email + role), and this instance
 * starts serving it. Never a password hash, session or API token: people get invitations, and the
 * owner a claim link (an OWNER invitation) to set their password here.
 *
 * Accepted only when this instance is empty or already serves the same workspace (same id). A
 * repeated hand-over updates what the platform owns (name, checklist, modules) and adds invitations
 * for people who are neither members nor invited yet; it never deletes or demotes anything created
 * here.
 */
export const HANDOVER_SCOPE = "deploy:handover";
const MAX_TEAM = 500;

export const HandoverSchema = z
  .object({
    workspace: z
      .object({
        id: z
          .string()
          .min(1)
          .max(64)
          .regex(/^[A-Za-z0-9_-]+$/),
        name: z.string().trim().min(1).max(100),
        slug: z
          .string()
          .min(1)
          .max(100)
          .regex(/^[a-z0-9-]+$/),
      })
      .strict(),
    setup: z
      .array(z.object({ key: z.string().refine((key) => SETUP_KEYS.includes(key), "unknown setup item"), done: z.boolean() }).strict())
      .max(SETUP_KEYS.length),
    modules: z.array(z.object({ module: z.enum(MODULES), enabled: z.boolean() }).strict()).max(MODULES.length),
    team: z.array(z.object({ email: z.string().trim().toLowerCase().email().max(254), role: z.enum(ROLES) }).strict()).max(MAX_TEAM),
  })
  .strict();
export type Handover = z.infer<typeof HandoverSchema>;

export const ClaimSchema = z.object({ workspaceId: z.string().min(1).max(64), email: z.string().trim().toLowerCase().email().max(254) }).strict();

const ACTOR_LABEL = "Go-Live platform (hand-over)";
const digest = (token: string) => createHash("sha256").update(token).digest("hex");
const newInvitationToken = () => `glinv_${randomBytes(32).toString("base64url")}`;
const inDays = (now: Date) => new Date(now.getTime() + INVITATION_DAYS * 24 * 60 * 60 * 1000);

function auditRow(tenantId: string, action: string, origin: string, metadata: Record<string, unknown>) {
  return {
    id: randomUUID(),
    tenantId,
    actorUserId: null,
    actorLabel: ACTOR_LABEL,
    action,
    origin,
    metadata: JSON.parse(scrubSecrets(JSON.stringify(metadata))) as Prisma.InputJsonObject,
  };
}

/** Both hand-over calls decide under one lock, so two at once cannot create two workspaces. */
async function lockHandover(tx: Prisma.TransactionClient) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(7263551, 1)`;
}

async function requireServable(tx: Prisma.TransactionClient, workspaceId: string) {
  const served = await tx.tenant.findMany({ select: { id: true }, orderBy: { createdAt: "asc" }, take: 2 });
  if (served.length > 0 && (served.length > 1 || served[0]!.id !== workspaceId)) {
    throw new DomainError("conflict", "This instance already serves another workspace; it accepts only that one.", {
      fix: { text: "Deploy this workspace on its own instance, with its own empty database." },
    });
  }
  return served.length === 0;
}

export async function receiveHandover(input: Handover, origin: string) {
  const now = new Date();
  return db().$transaction(async (tx) => {
    await lockHandover(tx);
    const created = await requireServable(tx, input.workspace.id);
    const tenantId = input.workspace.id;
    if (created) await tx.tenant.create({ data: { id: tenantId, name: input.workspace.name, slug: input.workspace.slug } });
    else await tx.tenant.update({ where: { id: tenantId }, data: { name: input.workspace.name } });
    for (const item of input.setup) {
      await tx.setupItem.upsert({
        where: { tenantId_key: { tenantId, key: item.key } },
        create: { tenantId, key: item.key, done: item.done, completedAt: item.done ? now : null },
        update: { done: item.done, ...(item.done ? {} : { completedAt: null, completedBy: null }) },
      });
    }
    for (const item of input.modules) {
      await tx.tenantModule.upsert({
        where: { tenantId_module: { tenantId, module: item.module } },
        create: { tenantId, module: item.module, enabled: item.enabled },
        update: { enabled: item.enabled },
      });
    }
    // People: an invitation each, unless they are a member here or hold an open invitation already.
    const members = new Set(
      (await tx.membership.findMany({ where: { tenantId, active: true }, select: { user: { select: { email: true } } } })).map((m) =>
        m.user.email.toLowerCase(),
      ),
    );
    const invited = new Set(
      (await tx.invitation.findMany({ where: { tenantId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } }, select: { email: true } })).map(
        (i) => i.email,
      ),
    );
    const fresh = [...new Map(input.team.map((person) => [person.email, person])).values()].filter(
      (person) => !members.has(person.email) && !invited.has(person.email),
    );
    if (fresh.length) {
      // The links of these are never shown: a manager here issues a person's link from the team page ("invite again").
      await tx.invitation.createMany({
        data: fresh.map((person) => ({ tenantId, email: person.email, role: person.role, tokenHash: digest(newInvitationToken()), expiresAt: inDays(now) })),
      });
    }
    const summary = {
      created,
      setupDone: input.setup.filter((item) => item.done).length,
      modulesEnabled: input.modules
        .filter((item) => item.enabled)
        .map((item) => item.module)
        .sort(),
      invitationsCreated: fresh.length,
    };
    await tx.auditLog.create({ data: auditRow(tenantId, "WORKSPACE_RECEIVED", origin, summary) });
    return { workspace: { id: tenantId, name: input.workspace.name }, ...summary };
  });
}

/**
 * The owner's claim: a new OWNER invitation for `email` on the workspace this instance serves,
 * replacing any open one for that address (its link stops working). Its link is returned once, to
 * the platform, which shows it once. Refused when the address is already a member here.
 */
export async function issueClaim(input: z.infer<typeof ClaimSchema>, origin: string) {
  const now = new Date();
  const token = newInvitationToken();
  return db().$transaction(async (tx) => {
    await lockHandover(tx);
    const tenant = await tx.tenant.findUnique({ where: { id: input.workspaceId }, select: { id: true } });
    if (!tenant || (await requireServable(tx, input.workspaceId)))
      throw new DomainError("not_found", "This instance does not serve that workspace yet: verify again to hand it over.");
    const member = await tx.membership.findFirst({ where: { tenantId: tenant.id, active: true, user: { email: input.email } }, select: { id: true } });
    if (member)
      throw new DomainError("conflict", `${input.email} has already claimed this instance: sign in there.`, {
        fix: { text: "Sign in on your instance; a forgotten password is reset by another owner there." },
      });
    const replaced = await tx.invitation.updateMany({
      where: { tenantId: tenant.id, email: input.email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    });
    const row = await tx.invitation.create({
      data: { tenantId: tenant.id, email: input.email, role: "OWNER", tokenHash: digest(token), expiresAt: inDays(now) },
      select: { id: true, expiresAt: true },
    });
    await tx.auditLog.create({
      data: auditRow(tenant.id, "MEMBER_INVITED", origin, {
        invitationId: row.id,
        email: input.email,
        role: "OWNER",
        claim: true,
        replacedPending: replaced.count > 0,
      }),
    });
    return { link: invitationLink(token), expiresAt: row.expiresAt };
  });
}
