import { describe, expect, it } from "vitest";
import { createSession } from "~/auth/session.server";
import { db } from "~/db/client.server";
import { recordRun } from "~/deploy/checks/runs.server";
import { loadDeployConfig } from "~/deploy/config/deploy-config.server";
import { contextFor, createMember, createTenant, DATABASE_KINDS, useTestDatabase } from "../helpers/db";

/** What the database keeps, swept on the write paths that add rows of each kind. */
const DAY = 24 * 60 * 60 * 1000;
const ago = (days: number) => new Date(Date.now() - days * DAY);

describe.each(DATABASE_KINDS)("retention on %s", (kind) => {
  useTestDatabase(kind, { AUDIT_RETENTION_DAYS: "60" });

  it("a new session sweeps expired sessions and rate-limit counters whose window ended over a day ago", async () => {
    const tenant = await createTenant();
    const person = await createMember(tenant.id, "OWNER");
    await db().session.createMany({
      data: [
        { id: "expired-session-aaaaaaaaaaaaaaaa", userId: person.id, expiresAt: ago(1) },
        { id: "current-session-aaaaaaaaaaaaaaaa", userId: person.id, expiresAt: ago(-5) },
      ],
    });
    await db().rateLimit.createMany({
      data: [
        { key: "signin:ip:old", points: 3, expire: ago(2) },
        { key: "signin:ip:recent", points: 3, expire: ago(0.5) },
        { key: "signin:known:remembered", points: 1, expire: ago(-20) },
      ],
    });
    await createSession(person.id);
    const sessions = await db().session.findMany({ where: { userId: person.id }, select: { id: true } });
    expect(sessions.map((s) => s.id)).not.toContain("expired-session-aaaaaaaaaaaaaaaa");
    expect(sessions.map((s) => s.id)).toContain("current-session-aaaaaaaaaaaaaaaa");
    expect(sessions).toHaveLength(2);
    const counters = (await db().rateLimit.findMany({ select: { key: true } })).map((row) => row.key);
    expect(counters).not.toContain("signin:ip:old");
    expect(counters).toEqual(expect.arrayContaining(["signin:ip:recent", "signin:known:remembered"]));
  });

  it("a new run sweeps its workspace's runs older than 90 days (keeping the latest of each kind) and audit rows past the retention", async () => {
    const tenant = await createTenant();
    const other = await createTenant();
    const owner = await createMember(tenant.id, "OWNER");
    const config = await loadDeployConfig(tenant.id);
    const otherConfig = await loadDeployConfig(other.id);
    const run = (id: string, tenantId: string, deployConfigId: string, runKind: "preflight" | "verify", finishedAt: Date) => ({
      id,
      tenantId,
      deployConfigId,
      kind: runKind,
      configRevision: 1,
      status: "passed" as const,
      resultsJson: { checks: [] },
      startedAt: finishedAt,
      finishedAt,
    });
    await db().deployRun.createMany({
      data: [
        run("old-preflight-1", tenant.id, config.id, "preflight", ago(200)),
        run("old-preflight-2", tenant.id, config.id, "preflight", ago(100)),
        run("old-verify-latest", tenant.id, config.id, "verify", ago(120)),
        run("old-verify-earlier", tenant.id, config.id, "verify", ago(150)),
        run("recent-verify", tenant.id, config.id, "verify", ago(10)),
        run("other-old", other.id, otherConfig.id, "preflight", ago(300)),
      ],
    });
    // "recent-verify" is the latest verification, so both old ones go; the newly recorded pre-flight makes both old pre-flights stale too.
    await db().auditLog.createMany({
      data: [
        { tenantId: tenant.id, actorLabel: "x", action: "SIGNED_IN", createdAt: ago(90) },
        { tenantId: tenant.id, actorLabel: "x", action: "SIGNED_IN", createdAt: ago(30) },
        { tenantId: other.id, actorLabel: "x", action: "SIGNED_IN", createdAt: ago(90) },
      ],
    });
    const ctx = contextFor(tenant, owner, "OWNER");
    await recordRun(ctx, {
      kind: "preflight",
      deployConfigId: config.id,
      configRevision: 1,
      checks: [{ id: "a", title: "a", status: "pass", detail: "ok", fix: null }],
      startedAt: new Date(),
      actions: { passed: "PREFLIGHT_PASSED", failed: "PREFLIGHT_FAILED" },
    });

    const runs = (await db().deployRun.findMany({ select: { id: true, tenantId: true } }))
      .filter((row) => [tenant.id, other.id].includes(row.tenantId))
      .map((row) => row.id);
    for (const gone of ["old-preflight-1", "old-preflight-2", "old-verify-latest", "old-verify-earlier"]) expect(runs).not.toContain(gone);
    expect(runs).toEqual(expect.arrayContaining(["recent-verify", "other-old"]));
    expect(runs).toHaveLength(3);

    const audit = await db().auditLog.findMany({
      where: { tenantId: { in: [tenant.id, other.id] } },
      select: { tenantId: true, createdAt: true, action: true },
    });
    expect(
      audit
        .filter((row) => row.tenantId === tenant.id)
        .map((row) => row.action)
        .sort(),
    ).toEqual(["PREFLIGHT_PASSED", "SIGNED_IN"]);
    expect(audit.filter((row) => row.tenantId === other.id)).toHaveLength(1);
  });

  it("keeps a workspace's only (old) run of a kind: the latest result is what its pages show", async () => {
    const tenant = await createTenant();
    const owner = await createMember(tenant.id, "OWNER");
    const config = await loadDeployConfig(tenant.id);
    await db().deployRun.create({
      data: {
        id: "only-verify",
        tenantId: tenant.id,
        deployConfigId: config.id,
        kind: "verify",
        configRevision: 1,
        status: "passed",
        resultsJson: { checks: [] },
        startedAt: ago(400),
        finishedAt: ago(400),
      },
    });
    await recordRun(contextFor(tenant, owner, "OWNER"), {
      kind: "preflight",
      deployConfigId: config.id,
      configRevision: 1,
      checks: [],
      startedAt: new Date(),
      actions: { passed: "PREFLIGHT_PASSED", failed: "PREFLIGHT_FAILED" },
    });
    expect(await db().deployRun.count({ where: { id: "only-verify" } })).toBe(1);
  });
});
