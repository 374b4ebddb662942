import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase } from "~/db/client.server";
import { SETUP_CATALOGUE } from "~/workspace/setup-catalogue";
import { TEST_PASSWORD, testEnv } from "../helpers/db";
import { tenantWithTeam } from "./helpers/fixtures";
import { adminQuery, cookieFrom, createPlatformDatabase, POSTGRES_AVAILABLE, securityPort, startPlatform, type PlatformProcess } from "./helpers/platform";

/**
 * Faults (issue 5): the platform's own database goes away and comes back. The process must stay
 * up, /health keeps answering, /ready says 503 and then 200 again, pages answer an error page (not
 * a stack trace, not a hang), and every row written before the outage is still there afterwards.
 */
describe.skipIf(!POSTGRES_AVAILABLE)("the platform database goes away and comes back", () => {
  let database: Awaited<ReturnType<typeof createPlatformDatabase>>;
  let platform: PlatformProcess;
  let cookie: string;
  let team: Awaited<ReturnType<typeof tenantWithTeam>>;

  const counts = async () => {
    const client = await database.client();
    try {
      const tables = ["Tenant", "User", "Membership", "Session", "AuditLog", "SetupItem", "DeployConfig"];
      const out: Record<string, number> = {};
      for (const table of tables) out[table] = Number((await client.query(`SELECT count(*)::int AS n FROM "${table}"`)).rows[0].n);
      return out;
    } finally {
      await client.end();
    }
  };

  const ready = async () => {
    const started = performance.now();
    const response = await fetch(`${platform.url}/ready`, { signal: AbortSignal.timeout(10_000) });
    return {
      status: response.status,
      body: (await response.json()) as { status: string; checks: Record<string, { status: string; output?: string }[]> },
      ms: performance.now() - started,
    };
  };

  beforeAll(async () => {
    database = await createPlatformDatabase();
    platform = await startPlatform({ port: await securityPort(4630), env: { DATABASE_URL: database.url } });
    testEnv({ DATABASE_URL: database.url, APP_URL: platform.url });
    await openDatabase({ kind: "postgres", url: database.url });
    team = await tenantWithTeam("Outage Co");
    await closeDatabase();
    const response = await fetch(`${platform.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: platform.url },
      body: new URLSearchParams({ email: team.people.OWNER.email, password: TEST_PASSWORD, redirectTo: "/dashboard" }).toString(),
    });
    expect(response.status).toBe(302);
    cookie = cookieFrom(response)!;
    // A write through the app before the outage (an audit row and a setup item).
    const done = await fetch(`${platform.url}/dashboard/setup`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded", Origin: platform.url },
      body: new URLSearchParams({ intent: "undone", key: SETUP_CATALOGUE[0]!.key }).toString(),
    });
    expect(done.status).toBe(302);
  });

  afterAll(async () => {
    await adminQuery(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS true`).catch(() => undefined);
    await platform?.stop();
    await database?.drop();
  });

  it("answers 503 on /ready, an error page on pages, and 200 on /health while the database is away; recovers without losing a row", async () => {
    expect((await ready()).status).toBe(200);
    expect((await fetch(`${platform.url}/dashboard`, { headers: { Cookie: cookie } })).status).toBe(200);
    const before = await counts();

    // The database goes away: no new connections, and every open one is cut.
    await adminQuery(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS false`);
    await adminQuery(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database.name}' AND pid <> pg_backend_pid()`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(platform.alive(), `the process died:\n${platform.output().slice(-2000)}`).toBe(true);

    const down = await ready();
    expect(down.status).toBe(503);
    expect(down.body.status).toBe("fail");
    expect(down.body.checks["database:responseTime"]?.[0]?.status).toBe("fail");
    expect(down.ms).toBeLessThan(5000);

    for (const path of ["/dashboard", "/dashboard/deploy/provider", "/login"]) {
      const started = performance.now();
      const page = await fetch(`${platform.url}${path}`, { headers: { Cookie: cookie }, signal: AbortSignal.timeout(15_000) });
      const html = await page.text();
      expect([500, 503], `${path}: ${page.status}`).toContain(page.status);
      expect(page.headers.get("content-type"), path).toMatch(/text\/html/);
      expect(html, path).toMatch(/Something went wrong|temporarily unavailable/);
      expect(html, `${path}: no stack trace or driver text`).not.toMatch(/\n\s+at |prisma|ECONNREFUSED|57P0|pg_hba|does not allow connections/i);
      expect(html).not.toContain(database.password);
      expect(performance.now() - started, `${path} answered in time`).toBeLessThan(12_000);
    }
    const api = await fetch(`${platform.url}/api/deploy/config`, { headers: { Cookie: cookie } });
    expect([500, 503]).toContain(api.status);
    expect(await api.text()).not.toMatch(/\n\s+at |prisma|does not allow connections/i);
    const signIn = await fetch(`${platform.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: platform.url },
      body: new URLSearchParams({ email: team.people.ADMIN.email, password: TEST_PASSWORD }).toString(),
    });
    expect([500, 503]).toContain(signIn.status);
    expect((await fetch(`${platform.url}/health`)).status).toBe(200);
    expect(platform.alive(), `the process died:\n${platform.output().slice(-2000)}`).toBe(true);

    // It comes back.
    await adminQuery(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS true`);
    const deadline = Date.now() + 15_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await ready()).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status, "/ready is 200 again").toBe(200);
    expect((await fetch(`${platform.url}/dashboard`, { headers: { Cookie: cookie } })).status).toBe(200);
    expect(await counts()).toEqual(before);
    expect(platform.alive()).toBe(true);
    expect(platform.output(), "the database password never reaches the logs").not.toContain(database.password);
  });

  it("logs the outage as structured, scrubbed lines only (no raw error dumps on stderr)", () => {
    const lines = platform
      .output()
      .split("\n")
      .filter((line) => line.trim() !== "");
    const unstructured = lines.filter((line) => {
      try {
        return typeof JSON.parse(line) !== "object";
      } catch {
        return true;
      }
    });
    expect(unstructured.slice(0, 10), unstructured.slice(0, 10).join("\n")).toEqual([]);
    const errors = lines
      .map((line) => JSON.parse(line) as { msg?: string; err?: { type?: string; stack?: string } })
      .filter((entry) => entry.msg === "unhandled error");
    expect(errors.length).toBeGreaterThan(0);
    for (const entry of errors) expect(entry.err?.type).toBeTruthy();
  });
});
