import { afterEach, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { deployState } from "~/deploy/config/deploy-config.server";
import * as apiConfig from "~/routes/api.deploy.config";
import * as apiGenerate from "~/routes/api.env.generate";
import * as apiLive from "~/routes/api.deploy.live";
import * as apiPreflight from "~/routes/api.deploy.preflight";
import * as apiVerify from "~/routes/api.deploy.verify";
import { closedPort, startLoopbackServer, type LoopbackServer } from "../helpers/loopback-server";
import { DATABASE_KINDS, useTestDatabase } from "../helpers/db";
import { configureDeploy, sessionCookieFor, tenantWithTeam, tokenFor, type Ctx } from "./helpers/fixtures";
import { callRoute, jsonBody } from "./helpers/routes";
import { recordRun } from "~/deploy/checks/runs.server";
import { saveAppUrl, saveDatabaseUrl, saveProvider } from "~/deploy/config/deploy-config.server";
import { databaseUrlSchema } from "~/deploy/config/inputs.server";

/**
 * Concurrency (issue 5), beyond tests/integration/deploy-flow.test.ts (simultaneous Go LIVE and
 * identical saves): simultaneous pre-flight and verify runs, a verification racing a configuration
 * change, two devices saving different values, and two devices generating secrets at once.
 * Requests go through the API routes, from two devices (two sessions or tokens) of the same people.
 */
const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A loopback stand-in for a tenant's live Go-Live instance: answers as a healthy, correctly configured one. */
async function healthyInstance(expect: () => Promise<{ appUrl: string; fingerprint: string | null }>, delayMs = 0, onRequest = () => {}) {
  const server = await startLoopbackServer((req, res) => {
    onRequest();
    void (async () => {
      const { appUrl, fingerprint } = await expect();
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      res.writeHead(200, { "content-type": "application/json" });
      if (req.url === "/health") res.end('{"status":"pass"}');
      else if (req.url === "/ready") res.end('{"status":"pass","checks":{}}');
      // A workspace's own instance (GOLIVE_MODE=instance), empty: it takes the hand-over and issues the owner's claim link.
      else if (req.url === "/api/instance/handover") res.end(JSON.stringify({ created: true, setupDone: 0, modulesEnabled: [], invitationsCreated: 0 }));
      else if (req.url === "/api/instance/claim") res.end(JSON.stringify({ link: `${appUrl}/invite?token=glinv_${"x".repeat(43)}`, expiresAt: null }));
      else res.end(JSON.stringify({ appUrl, encryptionKeyFingerprint: fingerprint, mode: "instance", workspace: null, scope: "instance", stats: {} }));
    })();
  });
  servers.push(server);
  return server;
}

const count = (tenantId: string, action: string) => db().auditLog.count({ where: { tenantId, action } });

describe.each(DATABASE_KINDS)("concurrency on %s", (kind) => {
  useTestDatabase(kind, { ALLOW_LOCAL_TARGETS: "true", DEPLOY_CHECK_TIMEOUT_MS: "3000" });

  /** An owner on two devices (a session and a token) and an admin, on a tenant with A–D done. */
  async function setup(appUrl: string) {
    const team = await tenantWithTeam(`Concurrency ${kind}`);
    const owner = team.as("OWNER");
    await configureDeploy(owner, { appUrl, databaseUrl: `postgresql://app:conc-pw-1@127.0.0.1:${await closedPort()}/app` });
    const devices: Record<string, string>[] = [
      { Cookie: (await sessionCookieFor(team.people.OWNER.id, team.tenant.id)).cookie },
      { Authorization: `Bearer ${(await tokenFor(team.people.OWNER.id, team.tenant.id)).token}` },
      { Authorization: `Bearer ${(await tokenFor(team.people.ADMIN.id, team.tenant.id)).token}` },
    ];
    return { team, owner, devices };
  }

  async function passPreflight(ctx: Ctx) {
    const state = await deployState(ctx.tenant.id);
    await recordRun(ctx, {
      kind: "preflight",
      deployConfigId: state.row.id,
      configRevision: state.row.revision,
      startedAt: new Date(),
      checks: [{ id: "config.complete", title: "Configuration complete", status: "pass", detail: "ok", fix: null }],
      actions: { passed: "PREFLIGHT_PASSED", failed: "PREFLIGHT_FAILED" },
    });
  }

  it("simultaneous pre-flight runs: each is stored and audited once, and the badge follows the latest", async () => {
    const { team, devices } = await setup("https://conc.example.com");
    const revision = (await deployState(team.tenant.id)).row.revision;
    const outcomes = await Promise.all(devices.map((headers) => callRoute(apiPreflight, { method: "POST", path: "/api/deploy/preflight", headers })));
    expect(outcomes.map((o) => o.status)).toEqual([200, 200, 200]);
    const ids = outcomes.map((o) => (o.body as { run: { id: string } }).run.id);
    expect(new Set(ids).size).toBe(3);
    const runs = await db().deployRun.findMany({ where: { tenantId: team.tenant.id, kind: "preflight" }, orderBy: [{ finishedAt: "desc" }, { id: "desc" }] });
    expect(runs.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(runs.every((r) => r.configRevision === revision && r.status === "failed")).toBe(true);
    expect((await count(team.tenant.id, "PREFLIGHT_FAILED")) + (await count(team.tenant.id, "PREFLIGHT_PASSED"))).toBe(3);
    const state = await deployState(team.tenant.id);
    expect(state.row.revision).toBe(revision);
    expect(state.latest.preflight?.id).toBe(runs[0]!.id);
    const badge = (await callRoute(apiConfig, { path: "/api/deploy/config", headers: devices[0]! })).body as {
      deploy: { badge: { state: string; href: string } };
    };
    expect(badge.deploy.badge).toMatchObject({ state: "BLOCKED", href: "/dashboard/deploy/preflight#check-database.reachable" });
  });

  it("simultaneous verify runs: each is stored and audited once; Go LIVE from two devices goes live once", async () => {
    let appUrl = "";
    const live = await healthyInstance(async () => ({ appUrl, fingerprint: (await deployState(team.tenant.id)).row.encryptionKeyFingerprint }));
    appUrl = live.origin;
    const { team, owner, devices } = await setup(appUrl);
    await passPreflight(owner);
    const outcomes = await Promise.all(devices.map((headers) => callRoute(apiVerify, { method: "POST", path: "/api/deploy/verify", headers })));
    expect(outcomes.map((o) => o.status)).toEqual([200, 200, 200]);
    expect(outcomes.map((o) => (o.body as { run: { status: string } }).run.status)).toEqual(["passed", "passed", "passed"]);
    expect(await db().deployRun.count({ where: { tenantId: team.tenant.id, kind: "verify" } })).toBe(3);
    expect(await count(team.tenant.id, "DEPLOY_VERIFIED")).toBe(3);

    const goLive = await Promise.all(devices.map((headers) => callRoute(apiLive, { method: "POST", path: "/api/deploy/live", headers })));
    expect(goLive.map((o) => o.status)).toEqual([200, 200, 200]);
    expect(goLive.filter((o) => (o.body as { alreadyLive: boolean }).alreadyLive === false)).toHaveLength(1);
    expect(await count(team.tenant.id, "TENANT_MARKED_LIVE")).toBe(1);
    const state = await deployState(team.tenant.id);
    expect(state.row.status).toBe("live");
    expect((await callRoute(apiConfig, { path: "/api/deploy/config", headers: devices[1]! })).body).toMatchObject({
      deploy: { status: "live", badge: { state: "LIVE" } },
    });
  });

  it("a verification that finishes after the configuration changed proves nothing: stale, and Go LIVE refuses", async () => {
    let appUrl = "";
    let called: () => void = () => {};
    const calledOnce = new Promise<void>((resolve) => (called = resolve));
    const live = await healthyInstance(
      async () => ({ appUrl, fingerprint: (await deployState(team.tenant.id)).row.encryptionKeyFingerprint }),
      400,
      () => called(),
    );
    appUrl = live.origin;
    const { team, owner, devices } = await setup(appUrl);
    await passPreflight(owner);
    const verifying = callRoute(apiVerify, { method: "POST", path: "/api/deploy/verify", headers: devices[0]! });
    // The verification has read the configuration and is calling the app: now the owner changes the provider.
    await calledOnce;
    await saveProvider(owner, "FLY");
    const outcome = await verifying;
    expect(outcome.status).toBe(200);
    expect((outcome.body as { run: { status: string } }).run.status).toBe("passed");
    const state = await deployState(team.tenant.id);
    expect(state.progress.stale.verify).toBe(true);
    expect(state.progress.done.verify).toBe(false);
    const refused = await callRoute(apiLive, { method: "POST", path: "/api/deploy/live", headers: devices[1]! });
    expect(refused.status).toBe(409);
    expect((await deployState(team.tenant.id)).row.status).not.toBe("live");
  });

  it("two devices save different values at once: one consistent row, last write wins, one audit row each", async () => {
    const { team, devices } = await setup("https://start.example.com");
    const before = await deployState(team.tenant.id);
    const audits = await count(team.tenant.id, "DEPLOY_CONFIG_SAVED");
    const values = ["https://phone.example.com", "https://laptop.example.com"];
    const outcomes = await Promise.all(
      values.map((appUrl, i) =>
        callRoute(apiConfig, {
          method: "PUT",
          path: "/api/deploy/config",
          headers: { ...devices[i]!, ...jsonBody({ appUrl }).headers },
          body: jsonBody({ appUrl }).body,
        }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual([200, 200]);
    const after = await deployState(team.tenant.id);
    expect(values).toContain(after.row.appUrl);
    expect(after.row.revision).toBe(before.row.revision + 2);
    expect(await count(team.tenant.id, "DEPLOY_CONFIG_SAVED")).toBe(audits + 2);
    // The audit trail tells the same story as the row: the newest revision carries the value that won.
    const rows = await db().auditLog.findMany({ where: { tenantId: team.tenant.id, action: "DEPLOY_CONFIG_SAVED" }, select: { metadata: true } });
    const newest = rows.map((r) => r.metadata as { revision: number; appUrl?: string }).sort((a, b) => b.revision - a.revision)[0]!;
    expect(newest.revision).toBe(after.row.revision);
    expect(newest.appUrl).toBe(after.row.appUrl);
    const saved = rows.map((r) => r.metadata as { revision: number; appUrl?: string }).filter((m) => m.revision > before.row.revision);
    expect(saved.map((m) => m.revision).sort()).toEqual([before.row.revision + 1, before.row.revision + 2]);
    expect(saved.map((m) => m.appUrl).sort()).toEqual([...values].sort());
  });

  it("two devices generate secrets at once: one generation is shown and stored, the other must confirm a rotation", async () => {
    const team = await tenantWithTeam(`Secrets race ${kind}`);
    const owner = team.as("OWNER");
    await saveProvider(owner, "RENDER");
    await saveAppUrl(owner, "https://race.example.com");
    const parsed = databaseUrlSchema.parse({ databaseUrl: "postgresql://app:race-pw-1@db.example.com/app" });
    await saveDatabaseUrl(owner, parsed);
    const devices: Record<string, string>[] = [
      { Cookie: (await sessionCookieFor(team.people.OWNER.id, team.tenant.id)).cookie },
      { Authorization: `Bearer ${(await tokenFor(team.people.OWNER.id, team.tenant.id)).token}` },
    ];
    const outcomes = await Promise.all(
      devices.map((headers) =>
        callRoute(apiGenerate, { method: "POST", path: "/api/env/generate", headers: { ...headers, ...jsonBody({}).headers }, body: "{}" }),
      ),
    );
    expect(outcomes.map((o) => o.status).sort()).toEqual([201, 409]);
    const shown = outcomes.find((o) => o.status === 201)!.body as { secrets: Record<string, { fingerprint: string }> };
    const refused = outcomes.find((o) => o.status === 409)!.body as { error: { code: string } };
    expect(refused.error.code).toBe("confirmation_required");
    const row = (await deployState(team.tenant.id)).row;
    // What the person was shown is what is on record.
    expect(row.encryptionKeyFingerprint).toBe(shown.secrets.ENCRYPTION_KEY!.fingerprint);
    expect(row.jwtSecretFingerprint).toBe(shown.secrets.JWT_SECRET!.fingerprint);
    expect(await count(team.tenant.id, "DEPLOY_SECRETS_GENERATED")).toBe(1);
    expect(await count(team.tenant.id, "DEPLOY_SECRETS_ROTATED")).toBe(0);
  });
});
