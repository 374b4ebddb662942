import { audit } from "~/audit/audit.server";
import { db } from "~/db/client.server";
import { DomainError } from "~/domain-error";
import type { TenantContext } from "~/tenancy/context.server";
import { hashPassword, verifyPassword } from "~/auth/password.server";
import { hitRateLimit, RATE_LIMITS } from "~/auth/rate-limit.server";

/**
 * What a person does to their own account: change the password (which signs out every other
 * session of the account) and sign out everywhere. Nobody can do either to someone else.
 */
type Self = Pick<TenantContext, "tenant" | "user" | "origin" | "sessionId">;

export async function changePassword(self: Self, input: { currentPassword: string; newPassword: string }) {
  // A stolen session must not be a way to guess the password it lacks.
  const limit = await hitRateLimit(RATE_LIMITS.passwordChange, self.user.id);
  if (!limit.allowed) {
    throw new DomainError("rate_limited", `Too many attempts. Try again in ${Math.ceil(limit.retryAfterSeconds / 60)} minutes.`, {
      field: "currentPassword",
      retryAfterSeconds: limit.retryAfterSeconds,
    });
  }
  const account = await db().user.findUniqueOrThrow({ where: { id: self.user.id }, select: { passwordHash: true } });
  if (!(await verifyPassword(account.passwordHash, input.currentPassword))) {
    throw new DomainError("invalid", "That is not your current password.", { field: "currentPassword" });
  }
  if (input.currentPassword === input.newPassword)
    throw new DomainError("invalid", "Choose a password different from your current one.", { field: "newPassword" });
  const passwordHash = await hashPassword(input.newPassword);
  const signedOut = await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: self.user.id }, data: { passwordHash } });
    const removed = await tx.session.deleteMany({ where: { userId: self.user.id, ...(self.sessionId ? { id: { not: self.sessionId } } : {}) } });
    await audit(self, "PASSWORD_CHANGED", { otherSessionsSignedOut: removed.count }, tx);
    return removed.count;
  });
  return { otherSessionsSignedOut: signedOut };
}

/** Ends every session of the account, this one included. */
export async function signOutEverywhere(self: Self) {
  return db().$transaction(async (tx) => {
    const removed = await tx.session.deleteMany({ where: { userId: self.user.id } });
    await audit(self, "SIGNED_OUT_EVERYWHERE", { sessionsEnded: removed.count }, tx);
    return { sessionsEnded: removed.count };
  });
}

export async function countSessions(userId: string) {
  return db().session.count({ where: { userId, expiresAt: { gt: new Date() } } });
}
