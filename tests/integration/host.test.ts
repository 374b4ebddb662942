import { describe, expect, it } from "vitest";
import { createSession } from "~/auth/session.server";
import { db } from "~/db/client.server";
import { DomainError } from "~/domain-error";
import { listModules, setModuleEnabled, setModules } from "~/workspace/modules.server";
import { listSetupItems, setSetupItemDone, setSetupItems } from "~/workspace/setup.server";
import { acceptAsNewAccount, createInvitation } from "~/workspace/invitations.server";
import { changeRole, getMember, listMembers } from "~/workspace/team.server";
import { createTokenFor, listTokens, revokeToken } from "~/workspace/tokens.server";
import * as apiAudit from "~/routes/api.audit";
import * as apiTeam from "~/routes/api.team";
import * as apiTeamMember from "~/routes/api.team.$userId";
import * as apiTokens from "~/routes/api.tokens";
import * as apiToken from "~/routes/api.tokens.$id";
import * as auditPage from "~/routes/dashboard.audit";
import * as teamPage from "~/routes/dashboard.team";
import * as tokensPage from "~/routes/dashboard.tokens";
import { getApiContext, requireManagerApi } from "~/tenancy/context.server";
import type { RoleName } from "~/tenancy/roles";
import { contextFor, createMember, createTenant, DATABASE_KINDS, useTestDatabase } from "../helpers/db";

const BASE = "http://localhost:3999";
const context = { cspNonce: "", requestId: "test" };

async function expectDomainError(promise: Promise<unknown>, code: DomainError["code"]) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected a DomainError ${code}`).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  return error as DomainError;
}

async function thrownResponse(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "expected a thrown Response").toBeInstanceOf(Response);
  return error as Response;
}

/** A tenant with one person per role, and contexts to act as each. */
async function team() {
  const tenant = await createTenant({ name: "Acme" });
  const people = {} as Record<RoleName, { id: string; email: string; name: string }>;
  for (const role of ["OWNER", "ADMIN", "MEMBER", "VIEWER"] as const) people[role] = await createMember(tenant.id, role);
  const as = (role: RoleName) => contextFor(tenant, people[role], role);
  return { tenant, people, as };
}

async function sessionCookie(userId: string, tenantId: string) {
  const session = await createSession(userId, { activeTenantId: tenantId });
  return session.setCookie.split(";")[0]!;
}

function bearer(token: string) {
  return { Authorization: `Bearer ${token}` };
}

function jsonRequest(path: string, method: string, body: unknown, headers: Record<string, string>) {
  return new Request(`${BASE}${path}`, { method, headers: { ...headers, "Content-Type": "application/json" }, body: JSON.stringify(body) });
}

function formRequest(path: string, fields: Record<string, string>, cookie: string) {
  return new Request(`${BASE}${path}`, { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams(fields) });
}

async function auditRows(tenantId: string) {
  return db().auditLog.findMany({
    where: { tenantId },
    orderBy: { createdAt: "asc" },
    select: { action: true, metadata: true, actorLabel: true, origin: true },
  });
}

describe.each(DATABASE_KINDS)("host features on %s", (kind) => {
  useTestDatabase(kind);

  describe("team and roles", () => {
    it("lists a tenant's active members only", async () => {
      const { tenant, people } = await team();
      const other = await createTenant();
      await createMember(other.id, "OWNER");
      const members = await listMembers(tenant.id);
      expect(members.map((m) => m.userId).sort()).toEqual(
        Object.values(people)
          .map((p) => p.id)
          .sort(),
      );
      expect(members.find((m) => m.userId === people.ADMIN.id)?.role).toBe("ADMIN");
    });

    it("invites without creating an account, and refuses a duplicate member, an admin inviting an owner, and a member inviting anyone", async () => {
      const { people, as } = await team();
      const invited = await createInvitation(as("ADMIN"), { email: "  New.Person@Example.test ", role: "MEMBER" });
      expect(invited.invitation).toMatchObject({ email: "new.person@example.test", role: "MEMBER", state: "pending" });
      expect(invited.link).toMatch(/\/invite\?token=glinv_/);
      expect(await db().user.count({ where: { email: "new.person@example.test" } })).toBe(0);

      await expectDomainError(createInvitation(as("OWNER"), { email: people.MEMBER.email, role: "VIEWER" }), "conflict");
      const adminOwner = await expectDomainError(createInvitation(as("ADMIN"), { email: "boss@example.test", role: "OWNER" }), "forbidden");
      expect(adminOwner.field).toBe("role");
      await expectDomainError(createInvitation(as("MEMBER"), { email: "m@example.test", role: "VIEWER" }), "forbidden");
      expect(await db().invitation.count({ where: { email: { in: ["boss@example.test", "m@example.test"] } } })).toBe(0);
    });

    it("lets owners and admins change roles within the rules", async () => {
      const { tenant, people, as } = await team();
      expect((await changeRole(as("ADMIN"), people.MEMBER.id, "VIEWER")).member.role).toBe("VIEWER");
      await expectDomainError(changeRole(as("ADMIN"), people.VIEWER.id, "OWNER"), "forbidden");
      await expectDomainError(changeRole(as("ADMIN"), people.OWNER.id, "MEMBER"), "forbidden");
      await expectDomainError(changeRole(as("MEMBER"), people.VIEWER.id, "MEMBER"), "forbidden");
      await expectDomainError(changeRole(as("VIEWER"), people.VIEWER.id, "ADMIN"), "forbidden");
      expect((await getMember(tenant.id, people.OWNER.id)).role).toBe("OWNER");
      expect((await getMember(tenant.id, people.VIEWER.id)).role).toBe("VIEWER");
      // An owner may promote to owner.
      expect((await changeRole(as("OWNER"), people.ADMIN.id, "OWNER")).changed).toBe(true);
    });

    it("never demotes the last active owner, but does once there is a second one", async () => {
      const { tenant, people, as } = await team();
      const last = await expectDomainError(changeRole(as("OWNER"), people.OWNER.id, "ADMIN"), "conflict");
      expect(last.message).toMatch(/last owner/);
      expect((await getMember(tenant.id, people.OWNER.id)).role).toBe("OWNER");
      // An inactive owner does not count.
      const gone = await createMember(tenant.id, "OWNER");
      await db().membership.updateMany({ where: { tenantId: tenant.id, userId: gone.id }, data: { active: false } });
      await expectDomainError(changeRole(as("OWNER"), people.OWNER.id, "ADMIN"), "conflict");

      await changeRole(as("OWNER"), people.ADMIN.id, "OWNER");
      expect((await changeRole(as("OWNER"), people.OWNER.id, "ADMIN")).member.role).toBe("ADMIN");
    });

    it("keeps one owner when two owners are demoted at the same time", async () => {
      const tenant = await createTenant();
      const a = await createMember(tenant.id, "OWNER");
      const b = await createMember(tenant.id, "OWNER");
      const results = await Promise.allSettled([
        changeRole(contextFor(tenant, a, "OWNER"), b.id, "MEMBER"),
        changeRole(contextFor(tenant, b, "OWNER"), a.id, "MEMBER"),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const rejected = results.find((r) => r.status === "rejected");
      expect((rejected as PromiseRejectedResult).reason).toBeInstanceOf(DomainError);
      expect(await db().membership.count({ where: { tenantId: tenant.id, role: "OWNER", active: true } })).toBe(1);
    });

    it("treats another tenant's member as not found", async () => {
      const { as } = await team();
      const other = await createTenant();
      const stranger = await createMember(other.id, "MEMBER");
      await expectDomainError(changeRole(as("OWNER"), stranger.id, "VIEWER"), "not_found");
      await expectDomainError(getMember((await createTenant()).id, stranger.id), "not_found");
      expect((await getMember(other.id, stranger.id)).role).toBe("MEMBER");
    });

    it("audits invitations, acceptance and role changes with ids, names and roles but never the password or the link", async () => {
      const { tenant, people, as } = await team();
      const password = "secret-chosen-password-42";
      const { link } = await createInvitation(as("OWNER"), { email: "audited@example.test", role: "MEMBER" });
      const token = new URL(link).searchParams.get("token")!;
      const { user } = await acceptAsNewAccount(token, { name: "Audited", password }, "test 127.0.0.1");
      await changeRole(as("ADMIN"), user.id, "VIEWER");
      await changeRole(as("ADMIN"), user.id, "VIEWER"); // no change, no row
      const rows = await auditRows(tenant.id);
      expect(rows.map((r) => r.action)).toEqual(["MEMBER_INVITED", "INVITATION_ACCEPTED", "MEMBER_ROLE_CHANGED"]);
      expect(rows[0]).toMatchObject({ actorLabel: people.OWNER.email, origin: "test 127.0.0.1", metadata: { email: "audited@example.test", role: "MEMBER" } });
      expect(rows[1]).toMatchObject({ actorLabel: "audited@example.test", metadata: { role: "MEMBER", alreadyMember: false } });
      expect(rows[2]!.metadata).toMatchObject({ userId: user.id, from: "MEMBER", to: "VIEWER" });
      for (const secret of [password, token, "argon2"]) expect(JSON.stringify(rows)).not.toContain(secret);
    });
  });

  describe("setup checklist and modules", () => {
    it("marks items done and undone, audited once per change, for owners and admins only", async () => {
      const { tenant, people, as } = await team();
      await setSetupItemDone(as("ADMIN"), "privacy-policy", true);
      let items = await listSetupItems(tenant.id);
      const item = items.find((i) => i.key === "privacy-policy")!;
      expect(item).toMatchObject({ done: true, required: true, completedByName: people.ADMIN.name });
      expect(item.why.length).toBeGreaterThan(10);
      expect(item.href).toBe("/dashboard/setup#privacy-policy");
      expect((await setSetupItemDone(as("OWNER"), "privacy-policy", true)).changed).toBe(false);
      await setSetupItemDone(as("OWNER"), "privacy-policy", false);
      items = await listSetupItems(tenant.id);
      expect(items.find((i) => i.key === "privacy-policy")).toMatchObject({ done: false, completedAt: null });
      await expectDomainError(setSetupItemDone(as("MEMBER"), "privacy-policy", true), "forbidden");
      await expectDomainError(setSetupItemDone(as("OWNER"), "no-such-item", true), "not_found");
      const rows = await auditRows(tenant.id);
      expect(rows.map((r) => [r.action, (r.metadata as { done: boolean }).done])).toEqual([
        ["SETUP_ITEM_UPDATED", true],
        ["SETUP_ITEM_UPDATED", false],
      ]);
    });

    it("creates a missing setup row and leaves other tenants alone", async () => {
      const { tenant, as } = await team();
      const other = await createTenant();
      await db().setupItem.deleteMany({ where: { tenantId: tenant.id, key: "brand-colours" } });
      await setSetupItemDone(as("OWNER"), "brand-colours", true);
      expect((await listSetupItems(tenant.id)).find((i) => i.key === "brand-colours")?.done).toBe(true);
      expect((await listSetupItems(other.id)).every((i) => !i.done)).toBe(true);
    });

    it("turns modules on and off with an audit row per change", async () => {
      const { tenant, as } = await team();
      await setModuleEnabled(as("OWNER"), "payments", true);
      expect((await listModules(tenant.id)).find((m) => m.name === "payments")?.enabled).toBe(true);
      expect((await setModuleEnabled(as("ADMIN"), "payments", true)).changed).toBe(false);
      await setModuleEnabled(as("ADMIN"), "payments", false);
      await expectDomainError(setModuleEnabled(as("VIEWER"), "ai", true), "forbidden");
      await expectDomainError(setModuleEnabled(as("OWNER"), "telepathy", true), "not_found");
      const rows = await auditRows(tenant.id);
      expect(rows.map((r) => r.action)).toEqual(["MODULE_UPDATED", "MODULE_UPDATED"]);
      expect(rows.map((r) => (r.metadata as { enabled: boolean }).enabled)).toEqual([true, false]);
    });

    // PATCH /api/setup and /api/modules change several at once: all of them, or none and no audit row.
    it("changes several items or modules at once, all or none", async () => {
      const { tenant, as } = await team();
      await expectDomainError(setSetupItems(as("OWNER"), { "privacy-policy": true, "no-such-item": true }), "not_found");
      await expectDomainError(setModules(as("OWNER"), { payments: true, telepathy: true }), "not_found");
      expect((await listSetupItems(tenant.id)).find((i) => i.key === "privacy-policy")?.done).toBe(false);
      expect((await listModules(tenant.id)).find((m) => m.name === "payments")?.enabled).toBe(false);
      expect(await auditRows(tenant.id)).toEqual([]);
      expect(await setSetupItems(as("ADMIN"), { "privacy-policy": true, "brand-colours": true })).toEqual({ changed: ["privacy-policy", "brand-colours"] });
      expect(await setModules(as("ADMIN"), { payments: true, ai: false })).toEqual({ changed: ["payments"] });
      expect((await auditRows(tenant.id)).map((r) => r.action).sort()).toEqual(["MODULE_UPDATED", "SETUP_ITEM_UPDATED", "SETUP_ITEM_UPDATED"]);
    });
  });

  describe("personal API tokens", () => {
    it("creates, lists and revokes a token; a revoked token no longer authenticates", async () => {
      const { tenant, as } = await team();
      const { token, row } = await createTokenFor(as("MEMBER"), "ci script");
      expect(token).toMatch(/^glpat_[0-9A-Za-z]{46}$/);
      expect(row.lastFour).toBe(token.slice(-4));
      const stored = await db().apiToken.findUniqueOrThrow({ where: { id: row.id }, select: { tokenHash: true, tenantId: true } });
      expect(stored.tokenHash).not.toContain(token);
      expect(stored.tenantId).toBe(tenant.id);

      const listed = await listTokens(as("MEMBER"));
      expect(listed).toHaveLength(1);
      expect(JSON.stringify(listed)).not.toContain(token);
      expect(await listTokens(as("ADMIN"))).toHaveLength(0);

      expect(await getApiContext(new Request(`${BASE}/api/team`, { headers: bearer(token) }))).not.toBeNull();
      const revoked = await revokeToken(as("MEMBER"), row.id);
      expect(revoked.changed).toBe(true);
      expect(revoked.row.revokedAt).toBeInstanceOf(Date);
      expect(await getApiContext(new Request(`${BASE}/api/team`, { headers: bearer(token) }))).toBeNull();
      expect((await revokeToken(as("MEMBER"), row.id)).changed).toBe(false);

      const rows = await auditRows(tenant.id);
      expect(rows.map((r) => r.action)).toEqual(["API_TOKEN_CREATED", "API_TOKEN_REVOKED"]);
      expect(JSON.stringify(rows)).not.toContain(token);
      expect(JSON.stringify(rows)).not.toContain(stored.tokenHash);
    });

    it("treats another user's or another tenant's token as not found", async () => {
      const { tenant, people, as } = await team();
      const { row } = await createTokenFor(as("ADMIN"), "admin's");
      await expectDomainError(revokeToken(as("OWNER"), row.id), "not_found");
      // The same person in another tenant cannot reach it either.
      const other = await createTenant();
      await db().membership.create({ data: { tenantId: other.id, userId: people.ADMIN.id, role: "OWNER" } });
      await expectDomainError(revokeToken(contextFor(other, people.ADMIN, "OWNER"), row.id), "not_found");
      expect(await db().apiToken.count({ where: { tenantId: tenant.id, revokedAt: { not: null } } })).toBe(0);
    });

    it("checks the role live: a demoted admin's token gets 403 from requireManagerApi", async () => {
      const { people, as } = await team();
      const { token } = await createTokenFor(as("ADMIN"), "admin script");
      const request = () => new Request(`${BASE}/api/team`, { headers: bearer(token) });
      expect((await requireManagerApi(request())).role).toBe("ADMIN");
      await changeRole(as("OWNER"), people.ADMIN.id, "VIEWER");
      const refused = await thrownResponse(requireManagerApi(request()));
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ error: { code: "forbidden" } });
    });
  });

  describe("JSON APIs", () => {
    it("lets any member list the team but only owners and admins add or change roles", async () => {
      const { tenant, people, as } = await team();
      const { token: viewerToken } = await createTokenFor(as("VIEWER"), "viewer");
      const { token: adminToken } = await createTokenFor(as("ADMIN"), "admin");

      const list = await apiTeam.loader({ request: new Request(`${BASE}/api/team`, { headers: bearer(viewerToken) }), params: {}, context });
      expect(list.status).toBe(200);
      expect(((await list.json()) as { members: unknown[] }).members).toHaveLength(4);

      const newcomer = { email: "api-new@example.test", role: "MEMBER" };
      const refused = await thrownResponse(apiTeam.action({ request: jsonRequest("/api/team", "POST", newcomer, bearer(viewerToken)), params: {}, context }));
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ error: { code: "forbidden" } });

      const created = await apiTeam.action({ request: jsonRequest("/api/team", "POST", newcomer, bearer(adminToken)), params: {}, context });
      expect(created.status).toBe(201);
      expect(created.headers.get("Cache-Control")).toBe("no-store");
      const invited = (await created.json()) as { invitation: { role: string }; link: string };
      expect(invited.invitation.role).toBe("MEMBER");
      const { user } = await acceptAsNewAccount(
        new URL(invited.link).searchParams.get("token")!,
        { name: "Api New", password: "a-long-chosen-password" },
        "test",
      );
      const body = { member: { userId: user.id } };

      const invalid = await apiTeam.action({
        request: jsonRequest("/api/team", "POST", { email: "nope", role: "KING" }, bearer(adminToken)),
        params: {},
        context,
      });
      expect(invalid.status).toBe(400);
      const invalidBody = (await invalid.json()) as { error: { code: string; fields: Record<string, string[]> } };
      expect(invalidBody.error.code).toBe("invalid_input");
      expect(Object.keys(invalidBody.error.fields).sort()).toEqual(["email", "role"]);

      const patchAsViewer = await thrownResponse(
        apiTeamMember.action({
          request: jsonRequest(`/api/team/${body.member.userId}`, "PATCH", { role: "ADMIN" }, bearer(viewerToken)),
          params: { userId: body.member.userId },
          context,
        }),
      );
      expect(patchAsViewer.status).toBe(403);
      const patched = await apiTeamMember.action({
        request: jsonRequest(`/api/team/${body.member.userId}`, "PATCH", { role: "VIEWER" }, bearer(adminToken)),
        params: { userId: body.member.userId },
        context,
      });
      expect(patched.status).toBe(200);
      expect((await getMember(tenant.id, body.member.userId)).role).toBe("VIEWER");

      const ownerPromotion = await apiTeamMember.action({
        request: jsonRequest(`/api/team/${people.MEMBER.id}`, "PATCH", { role: "OWNER" }, bearer(adminToken)),
        params: { userId: people.MEMBER.id },
        context,
      });
      expect(ownerPromotion.status).toBe(403);

      const stranger = await createMember((await createTenant()).id, "MEMBER");
      const notFound = await apiTeamMember.action({
        request: jsonRequest(`/api/team/${stranger.id}`, "PATCH", { role: "VIEWER" }, bearer(adminToken)),
        params: { userId: stranger.id },
        context,
      });
      expect(notFound.status).toBe(404);
      const getStranger = await apiTeamMember.loader({
        request: new Request(`${BASE}/api/team/${stranger.id}`, { headers: bearer(viewerToken) }),
        params: { userId: stranger.id },
        context,
      });
      expect(getStranger.status).toBe(404);

      const put = await apiTeam.action({ request: jsonRequest("/api/team", "PUT", newcomer, bearer(adminToken)), params: {}, context });
      expect(put.status).toBe(405);
      expect(put.headers.get("Allow")).toBe("GET, POST");
    });

    it("answers 401 with WWW-Authenticate without credentials or with a revoked token", async () => {
      const { as } = await team();
      const none = await thrownResponse(apiTeam.loader({ request: new Request(`${BASE}/api/team`), params: {}, context }));
      expect(none.status).toBe(401);
      expect(none.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
      const { token, row } = await createTokenFor(as("OWNER"), "soon revoked");
      await revokeToken(as("OWNER"), row.id);
      const revoked = await thrownResponse(apiTokens.loader({ request: new Request(`${BASE}/api/tokens`, { headers: bearer(token) }), params: {}, context }));
      expect(revoked.status).toBe(401);
    });

    it("creates a token with no-store, lists it without the secret, and revokes only the caller's own", async () => {
      const { people, tenant, as } = await team();
      const cookie = await sessionCookie(people.VIEWER.id, tenant.id);
      const created = await apiTokens.action({ request: jsonRequest("/api/tokens", "POST", { name: "curl" }, { Cookie: cookie }), params: {}, context });
      expect(created.status).toBe(201);
      expect(created.headers.get("Cache-Control")).toBe("no-store");
      const body = (await created.json()) as { token: string; id: string; lastFour: string };
      expect(body.token.slice(-4)).toBe(body.lastFour);

      const listed = await apiTokens.loader({ request: new Request(`${BASE}/api/tokens`, { headers: bearer(body.token) }), params: {}, context });
      const listText = await listed.text();
      expect(listText).toContain(body.id);
      expect(listText).not.toContain(body.token);

      const { token: ownerToken } = await createTokenFor(as("OWNER"), "owner");
      const ownGet = await apiToken.loader({
        request: new Request(`${BASE}/api/tokens/${body.id}`, { headers: { Cookie: cookie } }),
        params: { id: body.id },
        context,
      });
      expect(ownGet.status).toBe(200);
      const othersGet = await apiToken.loader({
        request: new Request(`${BASE}/api/tokens/${body.id}`, { headers: bearer(ownerToken) }),
        params: { id: body.id },
        context,
      });
      expect(othersGet.status).toBe(404);
      const othersDelete = await apiToken.action({
        request: new Request(`${BASE}/api/tokens/${body.id}`, { method: "DELETE", headers: bearer(ownerToken) }),
        params: { id: body.id },
        context,
      });
      expect(othersDelete.status).toBe(404);
      expect(await getApiContext(new Request(`${BASE}/api/team`, { headers: bearer(body.token) }))).not.toBeNull();

      const ownDelete = await apiToken.action({
        request: new Request(`${BASE}/api/tokens/${body.id}`, { method: "DELETE", headers: { Cookie: cookie } }),
        params: { id: body.id },
        context,
      });
      expect(ownDelete.status).toBe(200);
      expect(await getApiContext(new Request(`${BASE}/api/team`, { headers: bearer(body.token) }))).toBeNull();

      const badName = await apiTokens.action({ request: jsonRequest("/api/tokens", "POST", { name: "  " }, { Cookie: cookie }), params: {}, context });
      expect(badName.status).toBe(400);
    });

    it("keeps the audit API for owners and admins", async () => {
      const { as } = await team();
      await setModuleEnabled(as("OWNER"), "ai", true);
      const { token: viewerToken } = await createTokenFor(as("VIEWER"), "viewer");
      const { token: adminToken } = await createTokenFor(as("ADMIN"), "admin");
      const refused = await thrownResponse(
        apiAudit.loader({ request: new Request(`${BASE}/api/audit`, { headers: bearer(viewerToken) }), params: {}, context }),
      );
      expect(refused.status).toBe(403);
      const ok = await apiAudit.loader({ request: new Request(`${BASE}/api/audit?limit=2`, { headers: bearer(adminToken) }), params: {}, context });
      expect(ok.status).toBe(200);
      const body = (await ok.json()) as { entries: { action: string }[]; nextBefore: string | null };
      // Newest first: the admin's token, then the viewer's, then the module change.
      expect(body.entries.map((e) => e.action)).toEqual(["API_TOKEN_CREATED", "API_TOKEN_CREATED"]);
      expect(body.nextBefore).not.toBeNull();
      const bad = await apiAudit.loader({ request: new Request(`${BASE}/api/audit?before=yesterday`, { headers: bearer(adminToken) }), params: {}, context });
      expect(bad.status).toBe(400);
    });
  });

  describe("pages", () => {
    it("refuses a member's or viewer's hand-made team change and the audit page with 403", async () => {
      const { tenant, people } = await team();
      for (const role of ["MEMBER", "VIEWER"] as const) {
        const cookie = await sessionCookie(people[role].id, tenant.id);
        const change = await thrownResponse(
          teamPage.action({
            request: formRequest("/dashboard/team", { intent: "change-role", userId: people[role].id, role: "OWNER" }, cookie),
            params: {},
            context,
          }),
        );
        expect(change.status).toBe(403);
        const auditView = await thrownResponse(
          auditPage.loader({ request: new Request(`${BASE}/dashboard/audit`, { headers: { Cookie: cookie } }), params: {}, context }),
        );
        expect(auditView.status).toBe(403);
      }
      expect((await getMember(tenant.id, people.MEMBER.id)).role).toBe("MEMBER");
    });

    it("changes a role through the team page and answers 400 to an unknown intent", async () => {
      const { tenant, people } = await team();
      const cookie = await sessionCookie(people.OWNER.id, tenant.id);
      const response = await teamPage.action({
        request: formRequest("/dashboard/team", { intent: "change-role", userId: people.MEMBER.id, role: "ADMIN" }, cookie),
        params: {},
        context,
      });
      expect(response).toBeInstanceOf(Response);
      expect((response as Response).status).toBe(302);
      expect((await getMember(tenant.id, people.MEMBER.id)).role).toBe("ADMIN");
      const unknown = await thrownResponse(teamPage.action({ request: formRequest("/dashboard/team", { intent: "explode" }, cookie), params: {}, context }));
      expect(unknown.status).toBe(400);
    });

    it("shows a new token in the action response only, marked no-store", async () => {
      const { tenant, people } = await team();
      const cookie = await sessionCookie(people.MEMBER.id, tenant.id);
      const result = await tokensPage.action({ request: formRequest("/dashboard/tokens", { intent: "create", name: "laptop" }, cookie), params: {}, context });
      if (!("data" in result)) throw new Error("expected data, got a Response");
      expect(new Headers(result.init?.headers).get("Cache-Control")).toBe("no-store");
      const created = result.data.intent === "create" ? result.data.created : undefined;
      expect(created?.token).toMatch(/^glpat_/);
      const page = await tokensPage.loader({ request: new Request(`${BASE}/dashboard/tokens`, { headers: { Cookie: cookie } }), params: {}, context });
      expect(page.tokens.map((t) => t.name)).toEqual(["laptop"]);
      expect(JSON.stringify(page)).not.toContain(created!.token);
      expect(
        new Headers(
          tokensPage.headers({ actionHeaders: new Headers(), loaderHeaders: new Headers(), parentHeaders: new Headers(), errorHeaders: undefined }),
        ).get("Cache-Control"),
      ).toBe("no-store");
    });
  });
});
