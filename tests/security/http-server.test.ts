import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hitRateLimit, RATE_LIMITS } from "~/auth/rate-limit.server";
import { closeDatabase, db, openDatabase } from "~/db/client.server";
import { TEST_PASSWORD, testEnv } from "../helpers/db";
import { configureDeploy, ensurePassingRuns, tenantWithTeam, tokenFor } from "./helpers/fixtures";
import { cookieFrom, createPlatformDatabase, POSTGRES_AVAILABLE, securityPort, startPlatform, type PlatformProcess } from "./helpers/platform";

/**
 * Through the real HTTP server (issue 5): two instances of the built app on one PostgreSQL database.
 * A is "production" (an https APP_URL, so HSTS and __Host- cookies), B a plain-http development URL.
 * Headers and CSP, no-store on every response that carries a secret, cross-site writes refused,
 * and rate limits shared by both instances through the database, answering 429 with Retry-After.
 */
const PRODUCTION_URL = "https://golive.example.test";

describe.skipIf(!POSTGRES_AVAILABLE)("the HTTP server", () => {
  let database: Awaited<ReturnType<typeof createPlatformDatabase>>;
  let a: PlatformProcess;
  let b: PlatformProcess;
  let team: Awaited<ReturnType<typeof tenantWithTeam>>;
  const cookies = { a: "", b: "" };

  /** A request as a browser on A's own origin would send it (the address it was reached at, as behind a proxy that keeps the Host). */
  const sameOrigin = {
    get Origin() {
      return a.url;
    },
    "Sec-Fetch-Site": "same-origin",
  };
  const form = (fields: Record<string, string>) => ({ "Content-Type": "application/x-www-form-urlencoded", body: new URLSearchParams(fields).toString() });

  async function signIn(instance: PlatformProcess, email: string, password = TEST_PASSWORD, origin = instance.url) {
    return fetch(`${instance.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin, "Sec-Fetch-Site": "same-origin" },
      body: new URLSearchParams({ email, password, redirectTo: "/dashboard" }).toString(),
    });
  }

  beforeAll(async () => {
    database = await createPlatformDatabase();
    const [portA, portB] = [await securityPort(4620), await securityPort(4625)];
    a = await startPlatform({ port: portA, appUrl: PRODUCTION_URL, env: { DATABASE_URL: database.url } });
    b = await startPlatform({ port: portB, env: { DATABASE_URL: database.url } });
    testEnv({ DATABASE_URL: database.url, APP_URL: b.url });
    await openDatabase({ kind: "postgres", url: database.url });
    team = await tenantWithTeam("HTTP Co");
    await configureDeploy(team.as("OWNER"), { appUrl: "https://http-co.example.com", databaseUrl: "postgresql://app:http-co-pw-1@db.example.com/app" });
    for (const [key, instance] of [
      ["a", a],
      ["b", b],
    ] as const) {
      const response = await signIn(instance, team.people.OWNER.email);
      expect(response.status, `${await response.text()}\n${instance.output()}`).toBe(302);
      cookies[key] = cookieFrom(response)!;
    }
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await closeDatabase();
    await database?.drop();
  });

  describe("headers", () => {
    const PAGES = [
      "/login",
      "/dashboard",
      "/dashboard/deploy/provider",
      "/dashboard/deploy/secrets",
      "/dashboard/deploy/database",
      "/dashboard/team",
      "/dashboard/audit",
      "/dashboard/tokens",
      "/no-such-page",
    ];

    function directives(header: string) {
      return Object.fromEntries(
        header
          .split(";")
          .map((part) => part.trim().split(/\s+/))
          .filter((parts) => parts[0])
          .map(([name, ...values]) => [name!.toLowerCase(), values]),
      );
    }

    it("every page has an enforced Content-Security-Policy whose nonce is on every script, with no unsafe-inline", async () => {
      const nonces = new Set<string>();
      for (const path of PAGES) {
        const response = await fetch(`${a.url}${path}`, { headers: { Cookie: cookies.a } });
        expect([200, 404], path).toContain(response.status);
        const html = await response.text();
        const header = response.headers.get("content-security-policy");
        expect(header, path).toBeTruthy();
        expect(response.headers.get("content-security-policy-report-only"), path).toBeNull();
        const csp = directives(header!);
        const nonce = csp["script-src"]!.find((value: string) => value.startsWith("'nonce-"))?.slice(7, -1);
        expect(nonce, `${path}: script-src has a nonce`).toMatch(/^[A-Za-z0-9+/=]{16,}$/);
        nonces.add(nonce!);
        for (const name of ["script-src", "style-src", "default-src"]) {
          expect(csp[name], `${path} ${name}`).not.toContain("'unsafe-inline'");
          expect(csp[name], `${path} ${name}`).not.toContain("'unsafe-eval'");
        }
        expect(csp["frame-ancestors"]).toEqual(["'none'"]);
        expect(csp["object-src"]).toEqual(["'none'"]);
        expect(csp["base-uri"]).toEqual(["'none'"]);
        expect(csp["form-action"]).toEqual(["'self'"]);
        const scripts = [...html.matchAll(/<script\b[^>]*>/gi)].map((match) => match[0]);
        expect(scripts.length, path).toBeGreaterThan(0);
        for (const tag of scripts) expect(tag, `${path}: ${tag}`).toContain(`nonce="${nonce}"`);
        // style-src 'self' blocks inline style attributes and on* handlers would need unsafe-inline.
        expect(html, path).not.toMatch(/\sstyle="/i);
        expect(html, path).not.toMatch(/<[^>]+\son[a-z]+=/i);
      }
      expect(nonces.size, "a fresh nonce for every response").toBe(PAGES.length);
    });

    it("HSTS in production (https APP_URL) and not on a plain-http development URL; framing, sniffing and referrers are locked down everywhere", async () => {
      // /health answers before the header middleware on purpose (cheapest liveness answer); every other response carries them.
      for (const path of ["/login", "/dashboard", "/api/deploy/config", "/ready", "/no-such-page"]) {
        const onA = await fetch(`${a.url}${path}`, { headers: { Cookie: cookies.a } });
        const hsts = onA.headers.get("strict-transport-security") ?? "";
        expect(hsts, path).toMatch(/max-age=(\d+)/);
        expect(Number(/max-age=(\d+)/.exec(hsts)![1]), path).toBeGreaterThanOrEqual(31_536_000);
        expect(hsts).toContain("includeSubDomains");
        const onB = await fetch(`${b.url}${path}`, { headers: { Cookie: cookies.b } });
        expect(onB.headers.get("strict-transport-security"), path).toBeNull();
        for (const response of [onA, onB]) {
          expect(response.headers.get("x-frame-options"), path).toBe("DENY");
          expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
          expect(["no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"], path).toContain(response.headers.get("referrer-policy"));
          expect(response.headers.get("x-powered-by"), path).toBeNull();
        }
      }
    });

    it("the production session cookie is __Host-, Secure, HttpOnly and SameSite=Lax", async () => {
      const response = await signIn(a, team.people.ADMIN.email);
      const cookie = response.headers.getSetCookie().find((value) => value.startsWith("__Host-golive_session="));
      expect(cookie).toBeTruthy();
      expect(cookie).toMatch(/;\s*Secure/i);
      expect(cookie).toMatch(/;\s*HttpOnly/i);
      expect(cookie).toMatch(/;\s*SameSite=Lax/i);
      expect(cookie).toMatch(/;\s*Path=\//i);
      expect(cookie).not.toMatch(/Domain=/i);
    });
  });

  describe("responses that carry a secret are never stored", () => {
    it("POST /api/env/generate", async () => {
      const response = await fetch(`${a.url}/api/env/generate`, {
        method: "POST",
        headers: { Cookie: cookies.a, ...sameOrigin, "Content-Type": "application/json" },
        body: JSON.stringify({ confirmRotation: true }),
      });
      expect(response.status).toBe(201);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(Object.keys(((await response.json()) as { secrets: object }).secrets)).toEqual(["JWT_SECRET", "ENCRYPTION_KEY", "SESSION_SECRET"]);
    });

    it("the secrets step's form post (JavaScript off) and its data request (JavaScript on) redirect to a one-time view that is never stored", async () => {
      for (const [post, view] of [
        ["/dashboard/deploy/secrets", "/dashboard/deploy/secrets/once"],
        ["/dashboard/deploy/secrets.data", "/dashboard/deploy/secrets/once.data"],
      ] as const) {
        const { body, ...type } = form({ intent: "generate", confirmRotation: "on" });
        const posted = await fetch(`${a.url}${post}`, { method: "POST", redirect: "manual", headers: { Cookie: cookies.a, ...sameOrigin, ...type }, body });
        expect([303, 202], post).toContain(posted.status);
        const postedText = await posted.text();
        expect(postedText, `${post} carries no value`).not.toMatch(/[A-Za-z0-9+/]{43}=/);
        if (posted.status === 303) expect(posted.headers.get("location")).toBe("/dashboard/deploy/secrets/once");
        else expect(postedText).toContain("/dashboard/deploy/secrets/once");
        const fingerprint = (await db().deployConfig.findUniqueOrThrow({ where: { tenantId: team.tenant.id } })).jwtSecretFingerprint!;
        const first = await fetch(`${a.url}${view}`, { headers: { Cookie: cookies.a } });
        expect(first.status, view).toBe(200);
        expect(first.headers.get("cache-control"), view).toBe("no-store");
        const text = await first.text();
        expect(text, `${view} shows the values just stored`).toContain(fingerprint);
        expect(text, view).toMatch(/[A-Za-z0-9+/]{43}=/);
        const again = await fetch(`${a.url}${view}`, { headers: { Cookie: cookies.a } });
        expect(again.headers.get("cache-control"), view).toBe("no-store");
        const againText = await again.text();
        expect(againText, `${view} a second time`).toMatch(/Already shown|already-shown/);
        expect(againText, `${view} a second time`).not.toMatch(/[A-Za-z0-9+/]{43}=/);
      }
    });

    it("a new API token: the JSON API, the tokens page and its data request", async () => {
      const api = await fetch(`${a.url}/api/tokens`, {
        method: "POST",
        headers: { Cookie: cookies.a, ...sameOrigin, "Content-Type": "application/json" },
        body: JSON.stringify({ name: "no-store" }),
      });
      expect(api.status).toBe(201);
      expect(api.headers.get("cache-control")).toBe("no-store");
      for (const path of ["/dashboard/tokens", "/dashboard/tokens.data"]) {
        const { body, ...type } = form({ intent: "create", name: "no-store page" });
        const response = await fetch(`${a.url}${path}`, { method: "POST", headers: { Cookie: cookies.a, ...sameOrigin, ...type }, body });
        expect(response.status, path).toBe(200);
        expect(await response.text(), path).toMatch(/glpat_[0-9A-Za-z]{46}/);
        expect(response.headers.get("cache-control"), path).toBe("no-store");
      }
    });

    it("every API answer is no-store", async () => {
      for (const path of ["/api/deploy/config", "/api/deploy/runs", "/api/audit", "/api/team", "/api/tokens", "/api/dashboard/stats", "/api/nothing-here"]) {
        const response = await fetch(`${a.url}${path}`, { headers: { Cookie: cookies.a } });
        expect(response.headers.get("cache-control"), path).toBe("no-store");
        expect(response.headers.get("content-type"), path).toMatch(/json/);
      }
    });
  });

  describe("cross-site requests", () => {
    const provider = async () => (await db().deployConfig.findUniqueOrThrow({ where: { tenantId: team.tenant.id } })).provider;

    const ATTACKS: [string, Record<string, string>][] = [
      ["Sec-Fetch-Site: cross-site", { "Sec-Fetch-Site": "cross-site", Origin: "https://evil.example" }],
      ["Sec-Fetch-Site: same-site (a sibling subdomain)", { "Sec-Fetch-Site": "same-site", Origin: "https://evil.golive.example.test" }],
      ["an Origin of another site (older browsers)", { Origin: "https://evil.example" }],
      ["Origin: null (sandboxed frame)", { Origin: "null" }],
      ["an Origin of the same host on another port", { Origin: "http://127.0.0.1:1" }],
      // Remix itself refuses this one by throwing: before the server checked the Host too, a 500.
      [
        "the app's public address as Origin on a request whose Host a proxy rewrote (no X-Forwarded-Host)",
        { Origin: PRODUCTION_URL, "Sec-Fetch-Site": "same-origin" },
      ],
    ];

    for (const [name, headers] of ATTACKS) {
      it(`a wizard form post with ${name} is refused (403) and changes nothing`, async () => {
        const before = await provider();
        for (const path of ["/dashboard/deploy/provider", "/dashboard/deploy/provider.data"]) {
          const { body, ...type } = form({ provider: before === "FLY" ? "RAILWAY" : "FLY" });
          const response = await fetch(`${a.url}${path}`, { method: "POST", redirect: "manual", headers: { Cookie: cookies.a, ...type, ...headers }, body });
          expect(response.status, path).toBe(403);
          expect(await response.json()).toMatchObject({ error: { code: "cross_site_request" } });
        }
        expect(await provider()).toBe(before);
      });
    }

    it("cross-site sign-in (login CSRF), a cross-site API write with the session cookie, and a cross-site logout are refused", async () => {
      const attack = { "Sec-Fetch-Site": "cross-site", Origin: "https://evil.example" };
      const login = await fetch(`${a.url}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { ...attack, ...form({}), "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email: team.people.VIEWER.email, password: TEST_PASSWORD }).toString(),
      });
      expect(login.status).toBe(403);
      expect(login.headers.getSetCookie()).toEqual([]);
      const before = await provider();
      const put = await fetch(`${a.url}/api/deploy/config`, {
        method: "PUT",
        headers: { Cookie: cookies.a, ...attack, "Content-Type": "application/json" },
        body: JSON.stringify({ provider: "RAILWAY" }),
      });
      expect(put.status).toBe(403);
      expect(await provider()).toBe(before);
      const logout = await fetch(`${a.url}/logout`, { method: "POST", redirect: "manual", headers: { Cookie: cookies.a, ...attack } });
      expect(logout.status).toBe(403);
      expect((await fetch(`${a.url}/dashboard`, { redirect: "manual", headers: { Cookie: cookies.a } })).status).toBe(200);
    });

    it("the same form from the app's own origin works, and cross-site GETs are answered (they change nothing)", async () => {
      const target = (await provider()) === "FLY" ? "RAILWAY" : "FLY";
      const { body, ...type } = form({ provider: target });
      const response = await fetch(`${a.url}/dashboard/deploy/provider`, {
        method: "POST",
        redirect: "manual",
        headers: { Cookie: cookies.a, ...type, ...sameOrigin },
        body,
      });
      expect(response.status).toBe(302);
      expect(await provider()).toBe(target);
      const viaHost = await fetch(`${b.url}/dashboard/deploy/provider`, {
        method: "POST",
        redirect: "manual",
        headers: { Cookie: cookies.b, ...type, Origin: b.url },
        body: new URLSearchParams({ provider: "DOCKER" }).toString(),
      });
      expect(viaHost.status).toBe(302);
      const get = await fetch(`${a.url}/dashboard/deploy/provider`, { headers: { Cookie: cookies.a, "Sec-Fetch-Site": "cross-site" } });
      expect(get.status).toBe(200);
    });

    it("without TRUST_PROXY, X-Forwarded-Host is the client's word: a post naming the public host in it is refused (behind a trusted proxy it works: review-sign-in.test.ts)", async () => {
      const before = await provider();
      const { body, ...type } = form({ provider: before === "FLY" ? "RAILWAY" : "FLY" });
      const headers = { Cookie: cookies.a, ...type, Origin: PRODUCTION_URL, "Sec-Fetch-Site": "same-origin", "X-Forwarded-Host": new URL(PRODUCTION_URL).host };
      const response = await fetch(`${a.url}/dashboard/deploy/provider`, { method: "POST", redirect: "manual", headers, body });
      expect(response.status).toBe(403);
      expect(await provider()).toBe(before);
    });
  });

  describe("rate limits shared by both instances through the database", () => {
    it("sign-in: the 9th attempt for one account, on either instance, answers 429 with Retry-After (even with the right password)", async () => {
      const email = team.people.MEMBER.email;
      for (let attempt = 1; attempt <= 8; attempt++) {
        const response = await signIn(attempt % 2 ? a : b, email, "not the password");
        expect(response.status, `attempt ${attempt}`).toBe(401);
      }
      for (const [instance, path] of [
        [a, "/login"],
        [b, "/login"],
        [a, "/login.data"],
      ] as const) {
        const response = await fetch(`${instance.url}${path}`, {
          method: "POST",
          redirect: "manual",
          headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: instance.url, "Sec-Fetch-Site": "same-origin" },
          body: new URLSearchParams({ email, password: TEST_PASSWORD, redirectTo: "/dashboard" }).toString(),
        });
        expect(response.status, path).toBe(429);
        const retryAfter = Number(response.headers.get("retry-after"));
        expect(Number.isInteger(retryAfter)).toBe(true);
        expect(retryAfter).toBeGreaterThan(0);
        expect(retryAfter).toBeLessThanOrEqual(RATE_LIMITS.signInAccount.windowSeconds);
        expect(response.headers.getSetCookie()).toEqual([]);
      }
    });

    it("generate: ten generations spread over both instances, then 429 with Retry-After on either", async () => {
      const other = await tenantWithTeam("Rate Co");
      await configureDeploy(other.as("OWNER"), { appUrl: "https://rate-co.example.com", databaseUrl: "postgresql://app:rate-pw-1@db.example.com/app" });
      const token = (await tokenFor(other.people.OWNER.id, other.tenant.id)).token;
      const generate = (instance: PlatformProcess) =>
        fetch(`${instance.url}/api/env/generate`, {
          method: "POST",
          headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
          body: JSON.stringify({ confirmRotation: true }),
        });
      for (let i = 0; i < RATE_LIMITS.generateSecrets.points; i++) expect((await generate(i % 2 ? b : a)).status, `generation ${i + 1}`).toBe(201);
      const fingerprint = (await db().deployConfig.findUniqueOrThrow({ where: { tenantId: other.tenant.id } })).jwtSecretFingerprint;
      for (const instance of [a, b]) {
        const response = await generate(instance);
        expect(response.status).toBe(429);
        expect(await response.json()).toMatchObject({ error: { code: "rate_limited" } });
        expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
        expect(Number(response.headers.get("retry-after"))).toBeLessThanOrEqual(RATE_LIMITS.generateSecrets.windowSeconds);
      }
      expect((await db().deployConfig.findUniqueOrThrow({ where: { tenantId: other.tenant.id } })).jwtSecretFingerprint).toBe(fingerprint);
    });

    it("the wizard pages answer a spent limit with 429 and Retry-After too (JavaScript off and on)", async () => {
      const subject = `${team.tenant.id}:${team.people.OWNER.id}`;
      for (const [rule, path, intent] of [
        [RATE_LIMITS.preflight, "/dashboard/deploy/preflight", "run"],
        [RATE_LIMITS.verify, "/dashboard/deploy/verify", "verify"],
        [RATE_LIMITS.generateSecrets, "/dashboard/deploy/secrets", "generate"],
      ] as const) {
        for (let i = 0; i < rule.points; i++) await hitRateLimit(rule, subject);
        for (const url of [path, `${path}.data`]) {
          await ensurePassingRuns(team.as("OWNER"));
          const runs = await db().deployRun.count({ where: { tenantId: team.tenant.id } });
          const { body, ...type } = form({ intent, confirmRotation: "on" });
          const response = await fetch(`${a.url}${url}`, { method: "POST", redirect: "manual", headers: { Cookie: cookies.a, ...sameOrigin, ...type }, body });
          expect(response.status, url).toBe(429);
          expect(Number(response.headers.get("retry-after")), `${url}: Retry-After`).toBeGreaterThan(0);
          expect(await db().deployRun.count({ where: { tenantId: team.tenant.id } }), url).toBe(runs);
        }
      }
    });

    it("pre-flight and verify: a count reached elsewhere (another instance) is refused here with 429 and Retry-After", async () => {
      const token = (await tokenFor(team.people.ADMIN.id, team.tenant.id)).token;
      const subject = `${team.tenant.id}:${team.people.ADMIN.id}`;
      for (const [rule, path, instance] of [
        [RATE_LIMITS.preflight, "/api/deploy/preflight", a],
        [RATE_LIMITS.verify, "/api/deploy/verify", b],
      ] as const) {
        for (let i = 0; i < rule.points; i++) await hitRateLimit(rule, subject);
        await ensurePassingRuns(team.as("OWNER"));
        const runs = await db().deployRun.count({ where: { tenantId: team.tenant.id } });
        const response = await fetch(`${instance.url}${path}`, { method: "POST", headers: { Authorization: `Bearer ${token}` } });
        expect(response.status, path).toBe(429);
        expect(Number(response.headers.get("retry-after")), path).toBeGreaterThan(0);
        expect(await db().deployRun.count({ where: { tenantId: team.tenant.id } }), path).toBe(runs);
      }
    });
  });

  it("neither instance logged a secret or the database password, and both are still up", () => {
    for (const instance of [a, b]) {
      expect(instance.alive()).toBe(true);
      expect(instance.output()).not.toContain(database.password);
      expect(instance.output()).not.toContain(TEST_PASSWORD);
    }
  });
});
