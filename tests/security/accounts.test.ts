import { describe, expect, it } from "vitest";
import { verifyPassword } from "~/auth/password.server";
import { db } from "~/db/client.server";
import * as apiTeam from "~/routes/api.team";
import * as apiInvitation from "~/routes/api.team.invitations.$id";
import * as accountPage from "~/routes/dashboard.account";
import * as teamPage from "~/routes/dashboard.team";
import * as invitePage from "~/routes/invite";
import * as login from "~/routes/login";
import { createMember, createTenant, DATABASE_KINDS, TEST_PASSWORD, useTestDatabase } from "../helpers/db";
import { sessionCookieFor, tenantWithTeam, tokenFor } from "./helpers/fixtures";
import { callRoute, formBody, jsonBody, type Outcome } from "./helpers/routes";

/**
 * Accounts that only their owner controls. An outside review found that adding a person set the
 * password of a new platform-wide account (an admin of one workspace could create a colleague-to-be's
 * account in another with a password they knew) and told any admin whether an address had an
 * account. People now join by invitation, choose their own password, and change it themselves.
 */
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const tokenOf = (link: string) => new URL(link).searchParams.get("token")!;

async function invite(token: string, body: Record<string, unknown>) {
  return callRoute(apiTeam, { method: "POST", path: "/api/team", ...jsonBody(body), headers: { ...jsonBody(body).headers, ...bearer(token) } });
}

async function signIn(email: string, password: string): Promise<Outcome> {
  return callRoute(login, {
    method: "POST",
    path: "/login",
    ...formBody({ email, password }),
    headers: { ...formBody({}).headers, "X-Golive-Client-Ip": `127.0.0.${Math.floor(Math.random() * 200) + 2}` },
  });
}

function cookieOf(outcome: Outcome) {
  const setCookie = outcome.headers.get("Set-Cookie");
  return setCookie ? setCookie.split(";")[0]! : null;
}

async function acceptNew(token: string, input: { name?: string; password: string; cookie?: string }) {
  const form = formBody({ intent: "create-account", token, name: input.name ?? "Invited Person", password: input.password });
  return callRoute(invitePage, {
    method: "POST",
    path: `/invite?token=${encodeURIComponent(token)}`,
    body: form.body,
    headers: { ...form.headers, ...(input.cookie ? { Cookie: input.cookie } : {}) },
  });
}

async function acceptSignedIn(token: string, cookie: string) {
  const form = formBody({ intent: "accept", token });
  return callRoute(invitePage, {
    method: "POST",
    path: `/invite?token=${encodeURIComponent(token)}`,
    body: form.body,
    headers: { ...form.headers, Cookie: cookie },
  });
}

describe.each(DATABASE_KINDS)("accounts and invitations on %s", (kind) => {
  useTestDatabase(kind);

  describe("the takeover across workspaces", () => {
    it("an admin of one workspace cannot create an account with a password they know", async () => {
      const attackerSide = await tenantWithTeam("Attacker Co");
      const { token } = await tokenFor(attackerSide.people.ADMIN.id, attackerSide.tenant.id);
      const victimEmail = `ceo-${Date.now()}@northwind.test`;
      const chosen = "attacker-knows-this-password";

      const withPassword = await invite(token, { email: victimEmail, name: "CEO", role: "MEMBER", password: chosen });
      expect(withPassword.status).toBe(400);
      expect(withPassword.body).toMatchObject({ error: { code: "invalid_input" } });
      const plain = await invite(token, { email: victimEmail, role: "MEMBER" });
      expect(plain.status).toBe(201);

      // No account exists for the address, so nothing can sign in with the attacker's password.
      expect(await db().user.count({ where: { email: victimEmail } })).toBe(0);
      expect((await signIn(victimEmail, chosen)).status).toBe(401);

      // The victim's workspace later invites that address: only the holder of ITS link can join it.
      const victimSide = await tenantWithTeam("Northwind");
      const { token: ownerToken } = await tokenFor(victimSide.people.OWNER.id, victimSide.tenant.id);
      const northwindInvite = await invite(ownerToken, { email: victimEmail, role: "ADMIN" });
      expect(northwindInvite.status).toBe(201);
      // Even with the attacker's own link used to claim the address first, Northwind stays closed to them.
      const squat = await acceptNew(tokenOf((plain.body as { link: string }).link), { password: chosen });
      expect(squat.status).toBe(302);
      const squatter = await db().user.findUniqueOrThrow({ where: { email: victimEmail }, select: { id: true } });
      expect(await db().membership.count({ where: { userId: squatter.id, tenantId: victimSide.tenant.id } })).toBe(0);
      const northwindToken = tokenOf((northwindInvite.body as { link: string }).link);
      expect(await db().invitation.count({ where: { tenantId: victimSide.tenant.id, acceptedAt: null, revokedAt: null } })).toBe(1);
      // ...and the address's owner cannot be given a password by anyone through Northwind's link either.
      const overwrite = await acceptNew(northwindToken, { password: "another-new-password-1" });
      expect(overwrite.status).toBe(409);
      const account = await db().user.findUniqueOrThrow({ where: { email: victimEmail }, select: { passwordHash: true } });
      expect(await verifyPassword(account.passwordHash, "another-new-password-1")).toBe(false);
    });

    it("answers the same whether or not the address has an account, and never names the account", async () => {
      const { tenant, people } = await tenantWithTeam();
      const { token } = await tokenFor(people.ADMIN.id, tenant.id);
      const elsewhere = await createTenant();
      const known = await createMember(elsewhere.id, "OWNER", { name: "Secret Display Name" });
      const fresh = `nobody-${Date.now()}@example.test`;

      const shape = (outcome: Outcome, email: string) =>
        JSON.stringify(outcome.body)
          .replaceAll(email, "<email>")
          .replace(/"id":"[^"]+"/g, '"id":"<id>"')
          .replace(/glinv_[A-Za-z0-9_-]+/g, "<token>")
          .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, "<time>");
      const forKnown = await invite(token, { email: known.email, role: "MEMBER" });
      const forFresh = await invite(token, { email: fresh, role: "MEMBER" });
      expect([forKnown.status, forFresh.status]).toEqual([201, 201]);
      expect(shape(forKnown, known.email)).toBe(shape(forFresh, fresh));
      expect(forKnown.text).not.toContain("Secret Display Name");
      expect(forKnown.text).not.toContain(known.id);

      // The team page's answer is the same too.
      const { cookie } = await sessionCookieFor(people.OWNER.id, tenant.id);
      const page = async (email: string) => {
        const form = formBody({ intent: "invite", email, role: "VIEWER" });
        return callRoute(teamPage, { method: "POST", path: "/dashboard/team", body: form.body, headers: { ...form.headers, Cookie: cookie } });
      };
      const known2 = await createMember(elsewhere.id, "MEMBER", { name: "Another Secret Name" });
      const fresh2 = `nobody2-${Date.now()}@example.test`;
      const [a, b] = [await page(known2.email), await page(fresh2)];
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(shape(a, known2.email)).toBe(shape(b, fresh2));
      expect(a.text).not.toContain("Another Secret Name");
    });
  });

  describe("invitation links", () => {
    it("are stored only as a digest, work once, and a new person chooses their own password", async () => {
      const { tenant, people } = await tenantWithTeam();
      const { token } = await tokenFor(people.OWNER.id, tenant.id);
      const created = await invite(token, { email: "new-person@example.test", role: "ADMIN" });
      expect(created.headers.get("Cache-Control")).toBe("no-store");
      const link = (created.body as { link: string }).link;
      const secret = tokenOf(link);
      const stored = await db().invitation.findFirstOrThrow({ where: { tenantId: tenant.id, email: "new-person@example.test" } });
      expect(JSON.stringify(stored)).not.toContain(secret);
      // Listing never shows the link again.
      const list = await callRoute(apiTeam, { path: "/api/team", headers: bearer(token) });
      expect(list.text).not.toContain(secret);
      expect((list.body as { invitations: { email: string; state: string }[] }).invitations).toContainEqual(
        expect.objectContaining({ email: "new-person@example.test", state: "pending" }),
      );

      const view = await callRoute(invitePage, { path: `/invite?token=${secret}` });
      expect(view.status).toBe(200);
      expect(view.body).toMatchObject({ invitation: { email: "new-person@example.test", roleLabel: "Admin", tenantName: tenant.name } });

      const common = await acceptNew(secret, { password: "password1234" });
      expect(common.status).toBe(400);
      expect(await db().user.count({ where: { email: "new-person@example.test" } })).toBe(0);

      const accepted = await acceptNew(secret, { name: "New Person", password: "my-own-chosen-words" });
      expect(accepted.status).toBe(302);
      expect(accepted.location).toBe("/dashboard?joined=1");
      expect(cookieOf(accepted)).toMatch(/golive_session=/);
      const user = await db().user.findUniqueOrThrow({ where: { email: "new-person@example.test" }, select: { id: true, name: true, passwordHash: true } });
      expect(user.name).toBe("New Person");
      expect(await verifyPassword(user.passwordHash, "my-own-chosen-words")).toBe(true);
      expect(await db().membership.findFirst({ where: { tenantId: tenant.id, userId: user.id }, select: { role: true } })).toEqual({ role: "ADMIN" });

      const again = await acceptNew(secret, { password: "a-second-try-password" });
      expect(again.status).toBe(409);
      expect((await callRoute(invitePage, { path: `/invite?token=${secret}` })).status).toBe(410);
    });

    it("cannot be used twice at the same moment", async () => {
      const { tenant, people } = await tenantWithTeam();
      const { token } = await tokenFor(people.OWNER.id, tenant.id);
      const secret = tokenOf(((await invite(token, { email: "race@example.test", role: "MEMBER" })).body as { link: string }).link);
      const outcomes = await Promise.all([acceptNew(secret, { password: "first-racer-password" }), acceptNew(secret, { password: "second-racer-password" })]);
      expect(outcomes.map((o) => o.status).sort()).toEqual([302, 409]);
      expect(await db().user.count({ where: { email: "race@example.test" } })).toBe(1);
      expect(await db().membership.count({ where: { tenantId: tenant.id, user: { email: "race@example.test" } } })).toBe(1);
    });

    it("stop working when revoked or expired, and another workspace's invitation is not found", async () => {
      const { tenant, people } = await tenantWithTeam();
      const { token: adminToken } = await tokenFor(people.ADMIN.id, tenant.id);
      const created = (await invite(adminToken, { email: "revoked@example.test", role: "MEMBER" })).body as { invitation: { id: string }; link: string };

      const other = await tenantWithTeam();
      const { token: otherToken } = await tokenFor(other.people.OWNER.id, other.tenant.id);
      const foreign = await callRoute(apiInvitation, {
        method: "DELETE",
        path: `/api/team/invitations/${created.invitation.id}`,
        params: { id: created.invitation.id },
        headers: bearer(otherToken),
      });
      expect(foreign.status).toBe(404);
      const { token: memberToken } = await tokenFor(people.MEMBER.id, tenant.id);
      const byMember = await callRoute(apiInvitation, {
        method: "DELETE",
        path: `/api/team/invitations/${created.invitation.id}`,
        params: { id: created.invitation.id },
        headers: bearer(memberToken),
      });
      expect(byMember.status).toBe(403);

      const revoked = await callRoute(apiInvitation, {
        method: "DELETE",
        path: `/api/team/invitations/${created.invitation.id}`,
        params: { id: created.invitation.id },
        headers: bearer(adminToken),
      });
      expect(revoked.status).toBe(200);
      expect(revoked.body).toMatchObject({ invitation: { state: "revoked" }, changed: true });
      expect((await acceptNew(tokenOf(created.link), { password: "too-late-password" })).status).toBe(409);

      const expiring = (await invite(adminToken, { email: "expired@example.test", role: "MEMBER" })).body as { invitation: { id: string }; link: string };
      await db().invitation.update({ where: { id: expiring.invitation.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
      expect((await acceptNew(tokenOf(expiring.link), { password: "too-late-password" })).status).toBe(409);
      expect(await db().user.count({ where: { email: { in: ["revoked@example.test", "expired@example.test"] } } })).toBe(0);
    });

    it("a person with an account accepts only as that account, signed in", async () => {
      const { tenant, people } = await tenantWithTeam();
      const { token } = await tokenFor(people.OWNER.id, tenant.id);
      const elsewhere = await createTenant();
      const existing = await createMember(elsewhere.id, "OWNER");
      const stranger = await createMember(elsewhere.id, "MEMBER");
      const secret = tokenOf(((await invite(token, { email: existing.email, role: "VIEWER" })).body as { link: string }).link);

      const signedOut = await acceptSignedIn(secret, "");
      expect(signedOut.status).toBe(302);
      expect(signedOut.location).toMatch(/^\/login\?redirectTo=/);

      const { cookie: strangerCookie } = await sessionCookieFor(stranger.id, elsewhere.id);
      expect((await acceptSignedIn(secret, strangerCookie)).status).toBe(403);
      expect(await db().membership.count({ where: { tenantId: tenant.id, userId: stranger.id } })).toBe(0);

      const { cookie } = await sessionCookieFor(existing.id, elsewhere.id);
      const accepted = await acceptSignedIn(secret, cookie);
      expect(accepted.status).toBe(302);
      expect(await db().membership.findFirst({ where: { tenantId: tenant.id, userId: existing.id }, select: { role: true } })).toEqual({ role: "VIEWER" });
      const account = await db().user.findUniqueOrThrow({ where: { id: existing.id }, select: { passwordHash: true } });
      expect(await verifyPassword(account.passwordHash, TEST_PASSWORD)).toBe(true);
    });
  });

  describe("password change and sign out everywhere", () => {
    async function changePassword(cookie: string, fields: Record<string, string>) {
      const form = formBody({ intent: "change-password", ...fields });
      return callRoute(accountPage, { method: "POST", path: "/dashboard/account", body: form.body, headers: { ...form.headers, Cookie: cookie } });
    }

    it("needs the current password, and signs out every other session of the account", async () => {
      const { tenant, people } = await tenantWithTeam();
      const here = await sessionCookieFor(people.MEMBER.id, tenant.id);
      const phone = await sessionCookieFor(people.MEMBER.id, tenant.id);
      const someoneElse = await sessionCookieFor(people.ADMIN.id, tenant.id);

      const wrong = await changePassword(here.cookie, {
        currentPassword: "not-my-password",
        newPassword: "brand-new-words-here",
        confirmPassword: "brand-new-words-here",
      });
      expect(wrong.status).toBe(400);
      expect(JSON.stringify(wrong.body)).toContain("not your current password");
      expect(await db().session.count({ where: { userId: people.MEMBER.id } })).toBe(2);

      const changed = await changePassword(here.cookie, {
        currentPassword: TEST_PASSWORD,
        newPassword: "brand-new-words-here",
        confirmPassword: "brand-new-words-here",
      });
      expect(changed.status).toBe(302);
      expect(changed.location).toContain("ended=1");
      const sessions = await db().session.findMany({ where: { userId: { in: [people.MEMBER.id, people.ADMIN.id] } }, select: { id: true } });
      expect(sessions.map((s) => s.id).sort()).toEqual([here.id, someoneElse.id].sort());
      expect(sessions.map((s) => s.id)).not.toContain(phone.id);
      expect((await signIn(people.MEMBER.email, TEST_PASSWORD)).status).toBe(401);
      expect((await signIn(people.MEMBER.email, "brand-new-words-here")).status).toBe(302);
      const rows = await db().auditLog.findMany({ where: { tenantId: tenant.id, action: "PASSWORD_CHANGED" }, select: { metadata: true } });
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain("brand-new-words-here");
    });

    it("limits guesses of the current password from a stolen session", async () => {
      const { tenant, people } = await tenantWithTeam();
      const { cookie } = await sessionCookieFor(people.VIEWER.id, tenant.id);
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++)
        statuses.push(
          (await changePassword(cookie, { currentPassword: `guess-${i}`, newPassword: "brand-new-words-here", confirmPassword: "brand-new-words-here" }))
            .status,
        );
      expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
      expect(statuses[10]).toBe(429);
    });

    it("sign out everywhere ends every session of the account, this one included", async () => {
      const { tenant, people } = await tenantWithTeam();
      const here = await sessionCookieFor(people.OWNER.id, tenant.id);
      await sessionCookieFor(people.OWNER.id, tenant.id);
      const form = formBody({ intent: "sign-out-everywhere" });
      const out = await callRoute(accountPage, {
        method: "POST",
        path: "/dashboard/account",
        body: form.body,
        headers: { ...form.headers, Cookie: here.cookie },
      });
      expect(out.status).toBe(302);
      expect(out.headers.get("Set-Cookie")).toMatch(/Max-Age=0/);
      expect(await db().session.count({ where: { userId: people.OWNER.id } })).toBe(0);
    });

    it("no route lets one person set another's password", async () => {
      const { tenant, people } = await tenantWithTeam();
      const { cookie } = await sessionCookieFor(people.OWNER.id, tenant.id);
      // The account page acts on the signed-in person only; a userId in the form is ignored.
      const changed = await changePassword(cookie, {
        userId: people.MEMBER.id,
        currentPassword: TEST_PASSWORD,
        newPassword: "owner-only-new-words",
        confirmPassword: "owner-only-new-words",
      });
      expect(changed.status).toBe(302);
      const member = await db().user.findUniqueOrThrow({ where: { id: people.MEMBER.id }, select: { passwordHash: true } });
      expect(await verifyPassword(member.passwordHash, TEST_PASSWORD)).toBe(true);
    });
  });
});
