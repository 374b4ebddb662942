import pg from "pg";
import { describe, expect, it } from "vitest";
import { createApiToken } from "~/auth/api-token.server";
import { hitRateLimit, RATE_LIMITS } from "~/auth/rate-limit.server";
import { createSession, destroySession } from "~/auth/session.server";
import { databaseKind, db } from "~/db/client.server";
import { readCacheCounts, readCacheEnabled, setReadCacheEnabled, watchStatements } from "~/db/read-cache.server";
import { deployState, saveProvider } from "~/deploy/config/deploy-config.server";
import { liveHealthFor } from "~/deploy/monitor/health.server";
import { tenantStats } from "~/workspace/stats.server";
import { changeRole } from "~/workspace/team.server";
import { revokeToken } from "~/workspace/tokens.server";
import { getApiContext, requireManagerPage, requirePageContext } from "~/tenancy/context.server";
import { contextFor, createMember, createTenant, DATABASE_KINDS, useTestDatabase } from "../helpers/db";

/**
 * The read cache (app/db/read-cache.server.ts) against the real databases: on the embedded one,
 * repeated page reads cost no statement, and every way of changing what they read (a role change,
 * signing out, a deploy setting, a transaction) is seen by the very next request.
 */
const BASE = "http://localhost:3999";

async function signedIn(userId: string, tenantId: string) {
  const session = await createSession(userId, { activeTenantId: tenantId });
  const cookie = session.setCookie.split(";")[0]!;
  return () => new Request(`${BASE}/dashboard/deploy/provider`, { headers: { Cookie: cookie } });
}

async function thrown(promise: Promise<unknown>) {
  return promise.then(
    () => {
      throw new Error("expected a thrown Response");
    },
    (error: unknown) => error as Response,
  );
}

/** What a wizard page reads on every request: the session, the memberships and the deploy state. */
const bearer = (token: string) => new Request(`${BASE}/api/team`, { headers: { Authorization: `Bearer ${token}` } });

async function readPage(request: () => Request, tenantId: string) {
  const context = await requirePageContext(request());
  await deployState(tenantId);
  return context;
}

/** Runs `reads`; how many cached reads it answered from memory (hits) and from the database (misses). */
async function counted<T>(reads: () => Promise<T>) {
  const before = readCacheCounts();
  const value = await reads();
  const after = readCacheCounts();
  return { value, hits: after.hits - before.hits, misses: after.misses - before.misses };
}

async function scene() {
  const tenant = await createTenant({ name: "Cache Co" });
  const owner = await createMember(tenant.id, "OWNER");
  const admin = await createMember(tenant.id, "ADMIN");
  const request = await signedIn(admin.id, tenant.id);
  return { tenant, owner, admin, request, asOwner: contextFor(tenant, owner, "OWNER") };
}

describe("read cache on the embedded database", () => {
  useTestDatabase("pglite");

  it("is on, and a repeated page read is answered without a statement", async () => {
    expect(databaseKind()).toBe("pglite");
    expect(readCacheEnabled()).toBe(true);
    const { request, tenant } = await scene();
    await deployState(tenant.id); // the first read creates the tenant's (empty) deploy configuration: a write
    await readPage(request, tenant.id);
    const again = await counted(() => readPage(request, tenant.id));
    expect(again.value.role).toBe("ADMIN");
    expect(again).toMatchObject({ hits: 2, misses: 0 }); // identity (session and memberships), deploy state
  });

  it("reads again after any write, a rate-limit counter's too: no statement's SQL decides what it changed", async () => {
    const { request, tenant, admin } = await scene();
    const { token } = await createApiToken({ tenantId: tenant.id, userId: admin.id, name: "cache test" });
    const readAll = async () => [await requirePageContext(request()), await deployState(tenant.id), await getApiContext(bearer(token))];
    await readAll();
    await readAll();
    const held = await counted(readAll);
    expect(held).toMatchObject({ hits: 3, misses: 0 }); // the session's identity, deploy state, the API token's identity
    await hitRateLimit(RATE_LIMITS.verify, `${tenant.id}:${admin.id}`);
    const after = await counted(readAll);
    expect(after).toMatchObject({ hits: 0, misses: 3 });
    expect((after.value[0] as Awaited<ReturnType<typeof requirePageContext>>).role).toBe("ADMIN");
  });

  it("each cached read only reads: every statement it sends is a SELECT sent from within the read", async () => {
    const { request, tenant, admin } = await scene();
    const { token } = await createApiToken({ tenantId: tenant.id, userId: admin.id, name: "cache test" });
    await deployState(tenant.id); // creates the tenant's deploy configuration, a write outside the cached read
    await getApiContext(bearer(token)); // records the token's first use, a write
    const reads: Record<string, () => Promise<unknown>> = {
      "a session's identity": () => requirePageContext(request()),
      "deploy state": () => deployState(tenant.id),
      "dashboard figures": () => tenantStats(tenant.id),
      "an API token's identity": () => getApiContext(bearer(token)),
      "a LIVE workspace's health": () => liveHealthFor(tenant.id),
    };
    try {
      for (const [name, read] of Object.entries(reads)) {
        setReadCacheEnabled(false); // emptied, so that the read goes to the database
        setReadCacheEnabled(true);
        const statements: { sql: string; fromCachedRead: boolean }[] = [];
        const stop = watchStatements((sql, fromCachedRead) => statements.push({ sql, fromCachedRead }));
        try {
          await read();
        } finally {
          stop();
        }
        expect(statements.length, `${name} sent no statement`).toBeGreaterThan(0);
        for (const { sql, fromCachedRead } of statements) {
          expect(fromCachedRead, `${name} sent a statement outside its read: ${sql}`).toBe(true);
          expect(sql, `${name} sent a statement that is not a plain read`).toMatch(/^\s*SELECT\b/i);
          expect(sql, `${name} locks rows`).not.toMatch(/\bFOR\s+(UPDATE|SHARE)\b/i);
        }
      }
    } finally {
      setReadCacheEnabled(true);
    }
  });

  it("creates a workspace's deploy configuration outside the cached read, so the write is seen", async () => {
    const { tenant } = await scene();
    const before = await counted(() => deployState(tenant.id));
    expect(before.misses).toBe(2); // read (none yet), write, read again
    expect(await counted(() => deployState(tenant.id))).toMatchObject({ hits: 1, misses: 0 });
    expect(await db().deployConfig.count({ where: { tenantId: tenant.id } })).toBe(1);
  });

  it("reads once and records a token's use once when 20 requests with it arrive together", async () => {
    const { tenant, admin } = await scene();
    const { token, row } = await createApiToken({ tenantId: tenant.id, userId: admin.id, name: "burst" });
    const statements: string[] = [];
    const stop = watchStatements((sql) => statements.push(sql));
    let answers: Awaited<ReturnType<typeof getApiContext>>[];
    try {
      answers = await Promise.all(Array.from({ length: 20 }, () => getApiContext(bearer(token))));
    } finally {
      stop();
    }
    expect(answers.every((answer) => answer?.user.id === admin.id && answer.tenant.id === tenant.id)).toBe(true);
    expect(statements.filter((sql) => /^\s*select\b.*"ApiToken"/is.test(sql))).toHaveLength(1);
    expect(statements.filter((sql) => /^\s*update\s+(?:"public"\.)?"ApiToken"/i.test(sql))).toHaveLength(1);
    expect((await db().apiToken.findUniqueOrThrow({ where: { id: row.id } })).lastUsedAt).not.toBeNull();
  });

  it("refuses a revoked API token at once, though its lookup was answered from memory", async () => {
    const { tenant, owner, asOwner } = await scene();
    const { token, row } = await createApiToken({ tenantId: tenant.id, userId: owner.id, name: "cache test" });
    expect(await getApiContext(bearer(token))).not.toBeNull(); // records its first use: a write
    expect(await getApiContext(bearer(token))).not.toBeNull();
    const before = readCacheCounts();
    expect(await getApiContext(bearer(token))).not.toBeNull();
    expect(readCacheCounts().hits - before.hits).toBe(1);
    await revokeToken(asOwner, row.id);
    expect(await getApiContext(bearer(token))).toBeNull();
  });

  it("sees a role change at once: a demoted admin gets 403 on the next manager page", async () => {
    const { request, admin, asOwner } = await scene();
    expect((await requireManagerPage(request())).role).toBe("ADMIN");
    await changeRole(asOwner, admin.id, "VIEWER");
    expect((await thrown(requireManagerPage(request()))).status).toBe(403);
  });

  it("sees a removal at once: a deactivated membership leaves no workspace", async () => {
    const { request, admin, tenant } = await scene();
    await requirePageContext(request());
    await db().membership.update({ where: { tenantId_userId: { tenantId: tenant.id, userId: admin.id } }, data: { active: false } });
    expect((await thrown(requirePageContext(request()))).status).toBe(403);
  });

  it("sees a removal at once for an API token too: the removed member's token no longer authenticates", async () => {
    const { tenant, admin } = await scene();
    const { token } = await createApiToken({ tenantId: tenant.id, userId: admin.id, name: "cache test" });
    const request = () => new Request(`${BASE}/api/deploy/config`, { headers: { Authorization: `Bearer ${token}` } });
    expect((await getApiContext(request()))?.role).toBe("ADMIN");
    expect((await getApiContext(request()))?.role).toBe("ADMIN");
    await db().membership.update({ where: { tenantId_userId: { tenantId: tenant.id, userId: admin.id } }, data: { active: false } });
    expect(await getApiContext(request())).toBeNull();
  });

  it("sees signing out at once: the old cookie is sent to sign in", async () => {
    const { request } = await scene();
    await requirePageContext(request());
    await destroySession(request());
    const refused = await thrown(requirePageContext(request()));
    expect(refused.status).toBe(302);
    expect(refused.headers.get("Location")).toMatch(/^\/login/);
  });

  it("sees a deploy setting saved through the wizard at once", async () => {
    const { tenant, asOwner } = await scene();
    expect((await deployState(tenant.id)).row.provider).toBeNull();
    await saveProvider(asOwner, "FLY");
    expect((await deployState(tenant.id)).row.provider).toBe("FLY");
  });

  it("sees what a transaction committed, and not what one rolled back", async () => {
    const { tenant, request } = await scene();
    const before = (await requirePageContext(request())).tenant.name;
    await db().$transaction(async (tx) => {
      await tx.tenant.update({ where: { id: tenant.id }, data: { name: "Renamed and kept" } });
    });
    expect((await requirePageContext(request())).tenant.name).toBe("Renamed and kept");
    await expect(
      db().$transaction(async (tx) => {
        await tx.tenant.update({ where: { id: tenant.id }, data: { name: "Renamed and abandoned" } });
        throw new Error("abandon");
      }),
    ).rejects.toThrow("abandon");
    expect((await requirePageContext(request())).tenant.name).toBe("Renamed and kept");
    expect(before).not.toBe("Renamed and kept");
  });

  it("keeps the dashboard figures until something is written, and counts a new member at once", async () => {
    const { tenant } = await scene();
    const first = await tenantStats(tenant.id);
    const before = readCacheCounts();
    expect(await tenantStats(tenant.id)).toEqual(first);
    expect(readCacheCounts().hits - before.hits).toBe(1);
    await createMember(tenant.id, "MEMBER");
    expect((await tenantStats(tenant.id)).members.total).toBe(first.members.total + 1);
  });

  it("counts a week of activity to the minute: an event that turns a week old drops out at the next minute", async () => {
    const { tenant } = await scene();
    const now = Date.UTC(2026, 10, 27, 12, 0, 30);
    const week = 7 * 24 * 60 * 60 * 1000;
    await db().auditLog.create({ data: { tenantId: tenant.id, actorLabel: "test", action: "test.event", createdAt: new Date(now - week + 10_000) } });
    expect((await tenantStats(tenant.id, now)).auditEventsLast7Days).toBe(1);
    expect((await tenantStats(tenant.id, now + 20_000)).auditEventsLast7Days).toBe(1); // same minute
    expect((await tenantStats(tenant.id, now + 60_000)).auditEventsLast7Days).toBe(0);
  });

  it("under interleaved reads and role changes, the read after the last change answers what the database holds", async () => {
    const { request, admin, tenant, asOwner } = await scene();
    const roles = ["VIEWER", "ADMIN", "MEMBER", "ADMIN", "VIEWER", "MEMBER"] as const;
    for (let round = 0; round < 8; round++) {
      const role = roles[round % roles.length]!;
      // Reads race the change: some start before it, some while it runs, some after it.
      const reads = Array.from({ length: 6 }, (_, i) => new Promise((resolve) => setTimeout(resolve, i)).then(() => requirePageContext(request())));
      await Promise.all([changeRole(asOwner, admin.id, role), ...reads]);
      const stored = await db().membership.findUniqueOrThrow({ where: { tenantId_userId: { tenantId: tenant.id, userId: admin.id } }, select: { role: true } });
      expect((await requirePageContext(request())).role).toBe(stored.role);
      expect(stored.role).toBe(role);
    }
  });

  it("hands out values no caller can change", async () => {
    const { request } = await scene();
    const first = await requirePageContext(request());
    expect(() => {
      (first.user as { name: string }).name = "Someone else";
    }).toThrow(TypeError);
    expect((await requirePageContext(request())).user.name).not.toBe("Someone else");
  });
});

describe.each(DATABASE_KINDS.filter((kind) => kind === "postgres"))("read cache on %s", (kind) => {
  const database = useTestDatabase(kind);

  it("is off: another instance's change is seen by the next request", async () => {
    expect(readCacheEnabled()).toBe(false);
    const { request, tenant, admin } = await scene();
    expect((await requireManagerPage(request())).role).toBe("ADMIN");
    // Another instance of the platform, writing through its own connection.
    const other = new pg.Client({ connectionString: database.postgresUrl() });
    await other.connect();
    try {
      await other.query(`UPDATE "Membership" SET "role" = 'VIEWER' WHERE "tenantId" = $1 AND "userId" = $2`, [tenant.id, admin.id]);
    } finally {
      await other.end();
    }
    expect((await thrown(requireManagerPage(request()))).status).toBe(403);
  });
});
