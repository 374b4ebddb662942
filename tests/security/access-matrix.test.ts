import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { createInvitation } from "~/workspace/invitations.server";
import { SETUP_CATALOGUE } from "~/workspace/setup-catalogue";
import { closedPort } from "../helpers/loopback-server";
import { createMember, useTestDatabase } from "../helpers/db";
import { configureDeploy, ensurePassingRuns, sessionCookieFor, tenantWithTeam, tokenFor, type Ctx, type Person } from "./helpers/fixtures";
import { callRoute, formBody, importRoute, jsonBody, listRouteFiles, type CallInput, type Outcome, type RouteModule } from "./helpers/routes";

/**
 * Access matrix (issue 5): every route file in app/routes × each method × each identity → the
 * expected outcome. The route list is read from the file system, so a new route without an entry
 * here fails the first test. Role identities authenticate with a session cookie on pages, and on
 * APIs once with a personal API token and once with a session (the browser's way).
 */
const IDENTITIES = ["anonymous", "viewer", "member", "admin", "owner", "otherOwner", "revokedToken", "expiredSession", "demoted"] as const;
type Identity = (typeof IDENTITIES)[number];
type Expect = "signin" | "2xx" | "3xx" | 400 | 401 | 403 | 404 | 405 | 409;
type Row = Record<Identity, Expect>;
type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

type World = {
  main: Awaited<ReturnType<typeof tenantWithTeam>>;
  other: Awaited<ReturnType<typeof tenantWithTeam>>;
  /** A member of the main tenant whose role managers may change (PATCH keeps MEMBER). */
  target: Person;
  /** A token of the main tenant's owner that only the owner may see or revoke. */
  victimTokenId: string;
  /** An invitation to the main tenant, which only its owners and admins may revoke. */
  invitationId: string;
  appUrls: { main: string; other: string };
  databaseUrl: string;
  headers: Record<Identity, { page: Record<string, string>; session: Record<string, string>; token: Record<string, string> }>;
  refresh(identity: Identity): Promise<void>;
};

type MethodSpec = {
  expect: Row;
  request?: (world: World, identity: Identity) => Partial<CallInput>;
  /** Deploy routes: pre-flight and verification must be passing for the current revision before the call. */
  ready?: boolean;
};
type Entry = { url: string; methods: Partial<Record<Method, MethodSpec>>; destroysSession?: boolean };

const all = (value: Expect): Row => Object.fromEntries(IDENTITIES.map((identity) => [identity, value])) as Row;
const withRow = (base: Row, overrides: Partial<Row>): Row => ({ ...base, ...overrides });

const MEMBER_PAGE: Row = {
  anonymous: "signin",
  viewer: "2xx",
  member: "2xx",
  admin: "2xx",
  owner: "2xx",
  otherOwner: "2xx",
  revokedToken: "signin",
  expiredSession: "signin",
  demoted: "2xx",
};
const MANAGER_PAGE: Row = withRow(MEMBER_PAGE, { viewer: 403, member: 403, demoted: 403 });
const MANAGER_FORM: Row = withRow(MANAGER_PAGE, { admin: "3xx", owner: "3xx", otherOwner: "3xx" });
const MEMBER_API: Row = {
  anonymous: 401,
  viewer: "2xx",
  member: "2xx",
  admin: "2xx",
  owner: "2xx",
  otherOwner: "2xx",
  revokedToken: 401,
  expiredSession: 401,
  demoted: "2xx",
};
const MANAGER_API: Row = withRow(MEMBER_API, { viewer: 403, member: 403, demoted: 403 });
const OWN_TOKEN_ONLY: Row = withRow(MEMBER_API, { viewer: 404, member: 404, admin: 404, otherOwner: 404, demoted: 404 });
const NO_ACTION: MethodSpec = { expect: all(405) };

const tenantOf = (identity: Identity) => (identity === "otherOwner" ? "other" : "main");
const form = (fields: Record<string, string>) => () => formBody(fields);

export const MATRIX: Record<string, Entry> = {
  "_index.tsx": { url: "/", methods: { GET: { expect: all("3xx") }, POST: NO_ACTION } },
  // Unknown API addresses answer a JSON 404 for everyone, whatever the method.
  "api.$.ts": { url: "/api/*", methods: { GET: { expect: all(404) }, POST: { expect: all(404) }, DELETE: { expect: all(404) } } },
  "api.audit.ts": { url: "/api/audit", methods: { GET: { expect: MANAGER_API }, POST: NO_ACTION } },
  // Calls from the platform to a workspace's own instance: this is the platform, so there is nothing here (the instance side is in handover.test.ts).
  "api.instance.claim.ts": { url: "/api/instance/claim", methods: { GET: { expect: all(404) }, POST: { expect: all(404) } } },
  "api.instance.handover.ts": { url: "/api/instance/handover", methods: { GET: { expect: all(404) }, POST: { expect: all(404) } } },
  "api.dashboard.stats.ts": { url: "/api/dashboard/stats", methods: { GET: { expect: MEMBER_API }, POST: NO_ACTION } },
  "api.deploy.config.ts": {
    url: "/api/deploy/config",
    methods: {
      GET: { expect: MANAGER_API },
      PUT: { expect: MANAGER_API, request: () => jsonBody({ provider: "DOCKER" }) },
      DELETE: NO_ACTION,
    },
  },
  // The owner's claim link: owners only (an admin gets 403); here the live URL answers nothing, so an owner's call is a 409 with the fix.
  "api.deploy.claim.ts": {
    url: "/api/deploy/claim",
    methods: { GET: NO_ACTION, POST: { expect: withRow(MANAGER_API, { admin: 403, owner: 409, otherOwner: 409 }), ready: true } },
  },
  "api.deploy.live.ts": { url: "/api/deploy/live", methods: { GET: NO_ACTION, POST: { expect: MANAGER_API, ready: true } } },
  "api.deploy.preflight.ts": { url: "/api/deploy/preflight", methods: { GET: NO_ACTION, POST: { expect: MANAGER_API, ready: true } } },
  "api.deploy.runs.ts": { url: "/api/deploy/runs", methods: { GET: { expect: MANAGER_API }, POST: NO_ACTION } },
  "api.deploy.uptime.ts": { url: "/api/deploy/uptime", methods: { GET: { expect: MANAGER_API }, POST: NO_ACTION } },
  "api.deploy.verify.ts": { url: "/api/deploy/verify", methods: { GET: NO_ACTION, POST: { expect: MANAGER_API, ready: true } } },
  "api.env.generate.ts": {
    url: "/api/env/generate",
    methods: { GET: NO_ACTION, POST: { expect: MANAGER_API, request: () => jsonBody({ confirmRotation: true }) } },
  },
  "api.modules.ts": {
    url: "/api/modules",
    methods: { GET: { expect: MEMBER_API }, PATCH: { expect: MANAGER_API, request: () => jsonBody({ modules: { ai: true } }) }, POST: NO_ACTION },
  },
  "api.setup.ts": {
    url: "/api/setup",
    methods: {
      GET: { expect: MEMBER_API },
      PATCH: { expect: MANAGER_API, request: () => jsonBody({ items: { [SETUP_CATALOGUE[0]!.key]: true } }) },
      POST: NO_ACTION,
    },
  },
  "api.team.ts": {
    url: "/api/team",
    methods: {
      GET: { expect: MEMBER_API },
      POST: {
        expect: MANAGER_API,
        request: () => jsonBody({ email: `added-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`, role: "VIEWER" }),
      },
      PUT: NO_ACTION,
    },
  },
  "api.team.invitations.$id.ts": {
    url: "/api/team/invitations/:id",
    methods: { GET: NO_ACTION, DELETE: { expect: withRow(MANAGER_API, { otherOwner: 404 }) }, PATCH: NO_ACTION },
  },
  "api.team.$userId.ts": {
    url: "/api/team/:userId",
    methods: {
      GET: { expect: withRow(MEMBER_API, { otherOwner: 404 }) },
      PATCH: { expect: withRow(MANAGER_API, { otherOwner: 404 }), request: () => jsonBody({ role: "MEMBER" }) },
      DELETE: NO_ACTION,
    },
  },
  "api.workspaces.ts": { url: "/api/workspaces", methods: { GET: { expect: MEMBER_API }, POST: NO_ACTION } },
  "api.tokens.ts": {
    url: "/api/tokens",
    methods: { GET: { expect: MEMBER_API }, POST: { expect: MEMBER_API, request: () => jsonBody({ name: "matrix" }) }, DELETE: NO_ACTION },
  },
  "api.tokens.$id.ts": { url: "/api/tokens/:id", methods: { GET: { expect: OWN_TOKEN_ONLY }, DELETE: { expect: OWN_TOKEN_ONLY }, PUT: NO_ACTION } },
  // Any other address under /dashboard: not found, inside the dashboard (sign-in first).
  "dashboard.$.tsx": {
    url: "/dashboard/*",
    methods: { GET: { expect: withRow(MEMBER_PAGE, { viewer: 404, member: 404, admin: 404, owner: 404, otherOwner: 404, demoted: 404 }) }, POST: NO_ACTION },
  },
  "dashboard._index.tsx": { url: "/dashboard", methods: { GET: { expect: MEMBER_PAGE }, POST: NO_ACTION } },
  // Every signed-in person has an account page; a wrong current password is refused for everyone.
  "dashboard.account.tsx": {
    url: "/dashboard/account",
    methods: {
      GET: { expect: MEMBER_PAGE },
      POST: {
        expect: withRow(MEMBER_PAGE, { viewer: 400, member: 400, admin: 400, owner: 400, otherOwner: 400, demoted: 400 }),
        request: form({
          intent: "change-password",
          currentPassword: "not the password",
          newPassword: "matrix-new-password",
          confirmPassword: "matrix-new-password",
        }),
      },
    },
  },
  "dashboard.audit.tsx": { url: "/dashboard/audit", methods: { GET: { expect: MANAGER_PAGE }, POST: NO_ACTION } },
  "dashboard.deploy._index.tsx": {
    url: "/dashboard/deploy",
    methods: { GET: { expect: withRow(MANAGER_PAGE, { admin: "3xx", owner: "3xx", otherOwner: "3xx" }) }, POST: NO_ACTION },
  },
  "dashboard.deploy.database.tsx": {
    url: "/dashboard/deploy/database",
    methods: { GET: { expect: MANAGER_PAGE, ready: true }, POST: { expect: MANAGER_FORM, request: (w) => formBody({ databaseUrl: w.databaseUrl }) } },
  },
  "dashboard.deploy.keys.tsx": { url: "/dashboard/deploy/keys", methods: { GET: { expect: MANAGER_PAGE }, POST: { expect: MANAGER_FORM, request: form({}) } } },
  // An owner's Go LIVE answers with the page and the claim link (shown once) instead of a redirect.
  "dashboard.deploy.live.tsx": {
    url: "/dashboard/deploy/live",
    methods: {
      GET: { expect: MANAGER_PAGE },
      POST: { expect: withRow(MANAGER_FORM, { owner: "2xx", otherOwner: "2xx" }), ready: true, request: form({ intent: "go-live" }) },
    },
  },
  "dashboard.deploy.preflight.tsx": {
    url: "/dashboard/deploy/preflight",
    methods: { GET: { expect: MANAGER_PAGE, ready: true }, POST: { expect: MANAGER_FORM, ready: true, request: form({ intent: "run" }) } },
  },
  "dashboard.deploy.provider.tsx": {
    url: "/dashboard/deploy/provider",
    methods: { GET: { expect: MANAGER_PAGE }, POST: { expect: MANAGER_FORM, request: form({ provider: "DOCKER" }) } },
  },
  "dashboard.deploy.secrets.tsx": {
    url: "/dashboard/deploy/secrets",
    methods: { GET: { expect: MANAGER_PAGE }, POST: { expect: MANAGER_FORM, request: form({ intent: "generate", confirmRotation: "on" }) } },
  },
  // Step D's one-time view and its .env download: an owner or admin without values to show is sent back to the view.
  "dashboard.deploy.secrets_.once.tsx": {
    url: "/dashboard/deploy/secrets/once",
    methods: { GET: { expect: MANAGER_PAGE }, POST: { expect: MANAGER_FORM, request: form({ intent: "saved" }) } },
  },
  "dashboard.deploy.secrets_.download.ts": {
    url: "/dashboard/deploy/secrets/download",
    methods: { GET: NO_ACTION, POST: { expect: withRow(MANAGER_API, { admin: "3xx", owner: "3xx", otherOwner: "3xx" }), request: form({}) } },
  },
  "dashboard.deploy.tsx": { url: "/dashboard/deploy", methods: { GET: { expect: MANAGER_PAGE }, POST: NO_ACTION } },
  "dashboard.deploy.url.tsx": {
    url: "/dashboard/deploy/url",
    methods: { GET: { expect: MANAGER_PAGE }, POST: { expect: MANAGER_FORM, request: (w, identity) => formBody({ appUrl: w.appUrls[tenantOf(identity)] }) } },
  },
  "dashboard.deploy.verify.tsx": {
    url: "/dashboard/deploy/verify",
    methods: { GET: { expect: MANAGER_PAGE, ready: true }, POST: { expect: MANAGER_FORM, ready: true, request: form({ intent: "verify" }) } },
  },
  "dashboard.modules.tsx": {
    url: "/dashboard/modules",
    methods: { GET: { expect: MEMBER_PAGE }, POST: { expect: withRow(MANAGER_FORM, {}), request: form({ intent: "disable", module: "ai" }) } },
  },
  "dashboard.setup.tsx": {
    url: "/dashboard/setup",
    methods: { GET: { expect: MEMBER_PAGE }, POST: { expect: MANAGER_FORM, request: form({ intent: "done", key: "business-profile" }) } },
  },
  "dashboard.switch-tenant.tsx": {
    url: "/dashboard/switch-tenant",
    methods: {
      GET: { expect: all("3xx") },
      POST: {
        expect: withRow(MEMBER_PAGE, { viewer: "3xx", member: "3xx", admin: "3xx", owner: "3xx", demoted: "3xx", otherOwner: 404 }),
        request: (w) => formBody({ tenantId: w.main.tenant.id }),
      },
    },
  },
  "dashboard.team.tsx": {
    url: "/dashboard/team",
    methods: {
      GET: { expect: MEMBER_PAGE },
      POST: { expect: withRow(MANAGER_FORM, { otherOwner: 404 }), request: (w) => formBody({ intent: "change-role", userId: w.target.id, role: "MEMBER" }) },
    },
  },
  "dashboard.tokens.tsx": {
    url: "/dashboard/tokens",
    methods: { GET: { expect: MEMBER_PAGE }, POST: { expect: MEMBER_PAGE, request: form({ intent: "create", name: "matrix" }) } },
  },
  "dashboard.tsx": { url: "/dashboard", methods: { GET: { expect: MEMBER_PAGE }, POST: NO_ACTION } },
  "login.tsx": {
    url: "/login",
    methods: {
      GET: { expect: withRow(all("3xx"), { anonymous: "2xx", revokedToken: "2xx", expiredSession: "2xx" }) },
      // Sign-in is not identity-gated: a wrong password is refused for everyone (each from its own client address).
      POST: {
        expect: all(401),
        request: (w, identity) => ({
          ...formBody({ email: w.main.people.OWNER.email, password: "not the password" }),
          headers: { "Content-Type": "application/x-www-form-urlencoded", "x-golive-client-ip": `198.51.100.${IDENTITIES.indexOf(identity) + 1}` },
        }),
      },
    },
  },
  // The invitation page is public: what it shows depends on the link, never on who asks. An address
  // without a valid link is not found for everyone.
  "invite.tsx": {
    url: "/invite",
    methods: {
      GET: { expect: all(404) },
      POST: {
        expect: all(404),
        request: form({ intent: "create-account", token: "glinv_not-a-real-invitation-token-of-43-chars!", name: "X", password: "a-long-enough-password" }),
      },
    },
  },
  "logout.tsx": { url: "/logout", destroysSession: true, methods: { GET: { expect: all("3xx") }, POST: { expect: all("signin") } } },
  "ready.ts": { url: "/ready", methods: { GET: { expect: all("2xx") }, POST: NO_ACTION } },
  // Stay LIVE's opt-in public status: nothing answers for a token that was never issued (or was turned off).
  "status.$token.tsx": { url: "/status/:token", methods: { GET: { expect: all(404) }, POST: NO_ACTION } },
  "status.$token.badge[.svg].ts": { url: "/status/:token/badge[/svg]", methods: { GET: { expect: all(404) }, POST: NO_ACTION } },
};

function classify(outcome: Outcome): Expect | number {
  if (outcome.status >= 300 && outcome.status < 400) return outcome.location?.startsWith("/login") ? "signin" : "3xx";
  if (outcome.status >= 200 && outcome.status < 300) return "2xx";
  return outcome.status;
}

const routeFiles = listRouteFiles();

describe("access matrix", () => {
  useTestDatabase("pglite", { ALLOW_LOCAL_TARGETS: "true", DEPLOY_CHECK_TIMEOUT_MS: "1500" });
  const world = {} as World;
  const modules = new Map<string, RouteModule>();

  beforeAll(async () => {
    for (const route of routeFiles) modules.set(route.file, await importRoute(route.file));
    const [mainPort, otherPort, dbPort] = [await closedPort(), await closedPort(), await closedPort()];
    world.appUrls = { main: `http://127.0.0.1:${mainPort}`, other: `http://localhost:${otherPort}` };
    world.databaseUrl = `postgresql://app:matrix-password-1@127.0.0.1:${dbPort}/app`;
    world.main = await tenantWithTeam("Main Matrix Co");
    world.other = await tenantWithTeam("Other Matrix Co");
    await configureDeploy(world.main.as("OWNER"), { appUrl: world.appUrls.main, databaseUrl: world.databaseUrl });
    await configureDeploy(world.other.as("OWNER"), { appUrl: world.appUrls.other, databaseUrl: world.databaseUrl });
    world.target = await createMember(world.main.tenant.id, "MEMBER");
    world.victimTokenId = (await tokenFor(world.main.people.OWNER.id, world.main.tenant.id, "victim")).id;
    world.invitationId = (await createInvitation(world.main.as("OWNER"), { email: "matrix-invitee@example.test", role: "MEMBER" })).invitation.id;
    const demotedUser = await createMember(world.main.tenant.id, "ADMIN");

    const headers = {} as World["headers"];
    const cookie = (c: string) => ({ Cookie: c });
    const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });
    const signedIn = async (user: Person, tenantId: string) => {
      const session = await sessionCookieFor(user.id, tenantId);
      const token = await tokenFor(user.id, tenantId);
      return { page: cookie(session.cookie), session: cookie(session.cookie), token: bearer(token.token) };
    };
    const build: Record<Identity, () => Promise<World["headers"][Identity]>> = {
      anonymous: async () => ({ page: {}, session: {}, token: {} }),
      viewer: () => signedIn(world.main.people.VIEWER, world.main.tenant.id),
      member: () => signedIn(world.main.people.MEMBER, world.main.tenant.id),
      admin: () => signedIn(world.main.people.ADMIN, world.main.tenant.id),
      owner: () => signedIn(world.main.people.OWNER, world.main.tenant.id),
      otherOwner: () => signedIn(world.other.people.OWNER, world.other.tenant.id),
      revokedToken: async () => {
        const token = await tokenFor(world.main.people.OWNER.id, world.main.tenant.id, "revoked");
        await db().apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
        return { page: bearer(token.token), session: bearer(token.token), token: bearer(token.token) };
      },
      expiredSession: async () => {
        const session = await sessionCookieFor(world.main.people.OWNER.id, world.main.tenant.id);
        await db().session.update({ where: { id: session.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
        return { page: cookie(session.cookie), session: cookie(session.cookie), token: cookie(session.cookie) };
      },
      // Signed in and given a token while ADMIN, then demoted: the role is read on every request.
      demoted: async () => {
        await db().membership.updateMany({ where: { tenantId: world.main.tenant.id, userId: demotedUser.id }, data: { role: "ADMIN" } });
        const credentials = await signedIn(demotedUser, world.main.tenant.id);
        await db().membership.updateMany({ where: { tenantId: world.main.tenant.id, userId: demotedUser.id }, data: { role: "MEMBER" } });
        return credentials;
      },
    };
    for (const identity of IDENTITIES) headers[identity] = await build[identity]();
    world.headers = headers;
    world.refresh = async (identity) => {
      headers[identity] = await build[identity]();
    };
  });

  it("has an entry for every route file in app/routes, and no entry without a route file", () => {
    const files = routeFiles.map((route) => route.file);
    const missing = files.filter((file) => !MATRIX[file]);
    const stale = Object.keys(MATRIX).filter((file) => !files.includes(file));
    expect(missing, `routes with no access-matrix entry (add them to tests/security/access-matrix.test.ts): ${missing.join(", ")}`).toEqual([]);
    expect(stale, `matrix entries with no route file: ${stale.join(", ")}`).toEqual([]);
  });

  it("maps each route file to the URL its entry names, and tests GET plus every method the route serves", () => {
    for (const route of routeFiles) {
      const entry = MATRIX[route.file];
      if (!entry) continue;
      expect(entry.url, route.file).toBe(route.url);
      expect(entry.methods.GET, `${route.file}: GET`).toBeDefined();
      const methods = Object.keys(entry.methods);
      expect(methods.length, `${route.file}: at least one method besides GET`).toBeGreaterThan(1);
    }
  });

  for (const route of routeFiles) {
    const entry = MATRIX[route.file];
    if (!entry) continue;
    describe(`${route.url} (${route.file})`, () => {
      for (const [method, spec] of Object.entries(entry.methods) as [Method, MethodSpec][]) {
        const vias = route.resource ? (["token", "session"] as const) : (["page"] as const);
        for (const via of vias) {
          it.each(IDENTITIES.map((identity) => [identity, spec.expect[identity]] as const))(
            `${method}${route.resource ? ` via ${via}` : ""} as %s → %s`,
            async (identity, expected) => {
              const mod = modules.get(route.file)!;
              if (spec.ready) {
                await ensurePassingRuns(world.main.as("OWNER") as Ctx);
                await ensurePassingRuns(world.other.as("OWNER") as Ctx);
              }
              const params: Record<string, string> = {};
              let path = route.url;
              if (route.url.includes(":userId")) {
                params.userId = world.target.id;
                path = path.replace(":userId", world.target.id);
              }
              if (route.url.includes(":id")) {
                params.id = route.url.includes("/invitations/") ? world.invitationId : world.victimTokenId;
                path = path.replace(":id", params.id);
              }
              if (route.url.includes(":token")) {
                // A public status token that was never issued (or was turned off).
                params.token = "AAAAAAAAAAAAAAAAAAAAAAAA";
                path = path.replace(":token", params.token).replace("badge[/svg]", "badge.svg");
              }
              if (route.url.endsWith("/*")) {
                params["*"] = "deploy/nothing-here";
                path = path.replace("*", params["*"]);
              }
              const extra = spec.request?.(world, identity) ?? {};
              const outcome = await callRoute(mod, {
                method,
                path,
                params,
                body: extra.body,
                headers: { ...(extra.headers ?? {}), ...world.headers[identity][via] },
              });
              if (entry.destroysSession) await world.refresh(identity);
              expect(outcome.crash, `crashed: ${String(outcome.crash)}`).toBeUndefined();
              const actual = classify(outcome);
              expect(
                actual,
                `${method} ${route.url} as ${identity}: expected ${expected}, got ${outcome.status} ${outcome.location ?? ""} ${outcome.text.slice(0, 300)}`,
              ).toBe(expected);
              if (identity === "otherOwner" && actual === "2xx") {
                // Another tenant's owner sees their own workspace, never this one.
                expect(outcome.text).not.toContain(world.main.tenant.id);
                expect(outcome.text).not.toContain(world.main.tenant.name);
                expect(outcome.text).not.toContain(world.appUrls.main);
              }
              if (route.resource && typeof expected === "number" && expected >= 400) {
                expect(outcome.headers.get("Content-Type") ?? "").toMatch(/json/);
              }
            },
          );
        }
      }
    });
  }
});
