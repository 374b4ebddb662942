import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signVerifierToken } from "~/auth/verifier-token.server";
import { closeDatabase, openDatabase } from "~/db/client.server";
import { TEST_PASSWORD, TEST_SECRETS, testEnv } from "../helpers/db";
import { tenantWithTeam, tokenFor } from "./helpers/fixtures";
import { cookieFrom, createPlatformDatabase, POSTGRES_AVAILABLE, securityPort, startPlatform, type PlatformProcess } from "./helpers/platform";
import { listRouteFiles } from "./helpers/routes";

/**
 * A workspace's own instance (GOLIVE_MODE=instance), the built app as a second process on its own
 * PostgreSQL database: it serves its one workspace. The Deploy Wizard's pages and API routes answer
 * 404 there and the workspace switcher is gone; the dashboard, team, setup, modules, audit log and
 * API tokens work; /api/dashboard/stats names the workspace it serves beside APP_URL and the key
 * fingerprint.
 */
describe.skipIf(!POSTGRES_AVAILABLE)("a workspace's own instance", () => {
  let database: Awaited<ReturnType<typeof createPlatformDatabase>>;
  let instance: PlatformProcess;
  let team: Awaited<ReturnType<typeof tenantWithTeam>>;
  let cookie = "";
  let token = "";

  beforeAll(async () => {
    database = await createPlatformDatabase();
    instance = await startPlatform({ port: await securityPort(4650), env: { GOLIVE_MODE: "instance", DATABASE_URL: database.url } });
    testEnv({ DATABASE_URL: database.url, APP_URL: instance.url });
    await openDatabase({ kind: "postgres", url: database.url });
    // As if handed over: the one workspace this instance serves, with its team.
    team = await tenantWithTeam("Instance Co");
    token = (await tokenFor(team.people.OWNER.id, team.tenant.id)).token;
    await closeDatabase();
    const signIn = await fetch(`${instance.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: instance.url, "Sec-Fetch-Site": "same-origin" },
      body: new URLSearchParams({ email: team.people.OWNER.email, password: TEST_PASSWORD, redirectTo: "/dashboard" }).toString(),
    });
    expect(signIn.status, instance.output()).toBe(302);
    cookie = cookieFrom(signIn)!;
  });

  afterAll(async () => {
    await instance?.stop();
    await database?.drop();
  });

  const browser = () => ({ Cookie: cookie, Origin: instance.url, "Sec-Fetch-Site": "same-origin" });

  it("every Deploy Wizard page answers 404, as a page and as data, for the owner", async () => {
    const pages = [
      ...new Set(
        listRouteFiles()
          .filter((route) => !route.resource && route.url.startsWith("/dashboard/deploy"))
          .map((route) => route.url),
      ),
    ];
    expect(pages.length).toBeGreaterThanOrEqual(9);
    for (const page of pages) {
      expect((await fetch(`${instance.url}${page}`, { headers: browser(), redirect: "manual" })).status, page).toBe(404);
      expect((await fetch(`${instance.url}${page}.data`, { headers: browser(), redirect: "manual" })).status, `${page}.data`).toBe(404);
    }
    // A step's form post too (actions run without the layout's loader).
    const post = await fetch(`${instance.url}/dashboard/deploy/provider`, {
      method: "POST",
      redirect: "manual",
      headers: { ...browser(), "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ provider: "DOCKER" }).toString(),
    });
    expect(post.status).toBe(404);
  });

  it("every Deploy Wizard API route answers 404 in the JSON error shape, whatever the method", async () => {
    const calls: [string, string][] = [
      ["GET", "/api/deploy/config"],
      ["PUT", "/api/deploy/config"],
      ["GET", "/api/deploy/runs"],
      ["POST", "/api/deploy/preflight"],
      ["POST", "/api/deploy/verify"],
      ["POST", "/api/deploy/live"],
      ["POST", "/api/env/generate"],
    ];
    for (const [method, pathname] of calls) {
      const answer = await fetch(`${instance.url}${pathname}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, ...(method === "GET" ? {} : { "Content-Type": "application/json" }) },
        body: method === "GET" ? undefined : "{}",
      });
      expect(answer.status, `${method} ${pathname}`).toBe(404);
      expect(await answer.json()).toMatchObject({ error: { code: "not_found" } });
    }
  });

  it("there is no workspace switcher: POST /dashboard/switch-tenant answers 404", async () => {
    const answer = await fetch(`${instance.url}/dashboard/switch-tenant`, {
      method: "POST",
      redirect: "manual",
      headers: { ...browser(), "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ tenantId: team.tenant.id }).toString(),
    });
    expect(answer.status).toBe(404);
  });

  it("the dashboard, team, setup, modules, audit log and API tokens work, as pages and through the API", async () => {
    for (const page of [
      "/dashboard",
      "/dashboard/team",
      "/dashboard/setup",
      "/dashboard/modules",
      "/dashboard/audit",
      "/dashboard/tokens",
      "/dashboard/account",
    ]) {
      const answer = await fetch(`${instance.url}${page}`, { headers: browser(), redirect: "manual" });
      expect(answer.status, page).toBe(200);
      const html = await answer.text();
      expect(html, page).toContain("Instance Co");
      // No way into a wizard that is not there: no Deploy link, no deploy badge.
      expect(html, page).not.toContain('href="/dashboard/deploy');
      expect(html, page).not.toContain('data-testid="deploy-badge"');
      expect(html, page).not.toContain('data-testid="deploy-status"');
    }
    for (const pathname of ["/api/team", "/api/audit", "/api/tokens", "/api/dashboard/stats"]) {
      expect((await fetch(`${instance.url}${pathname}`, { headers: { Authorization: `Bearer ${token}` } })).status, pathname).toBe(200);
    }
  });

  it("/api/dashboard/stats names the workspace it serves beside APP_URL and the ENCRYPTION_KEY fingerprint", async () => {
    const withToken = await fetch(`${instance.url}/api/dashboard/stats`, { headers: { Authorization: `Bearer ${token}` } });
    expect(await withToken.json()).toMatchObject({
      appUrl: instance.url,
      mode: "instance",
      workspace: { id: team.tenant.id, name: "Instance Co" },
      tenant: { id: team.tenant.id },
    });
    const verifier = await signVerifierToken({ secret: Buffer.from(TEST_SECRETS.JWT_SECRET, "base64"), audience: instance.url });
    const answer = await fetch(`${instance.url}/api/dashboard/stats`, { headers: { Authorization: `Bearer ${verifier}` } });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({
      appUrl: instance.url,
      encryptionKeyFingerprint: expect.stringMatching(/^sha256:[0-9a-f]{16}$/),
      mode: "instance",
      workspace: { id: team.tenant.id, name: "Instance Co" },
    });
  });
});
