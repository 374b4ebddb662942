import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLoadContext } from "~/http/load-context.server";
import { DATABASE_KINDS, useTestDatabase } from "../helpers/db";
import { configureDeploy, ensurePassingRuns, sessionCookieFor, tenantWithTeam, tokenFor } from "../security/helpers/fixtures";
import { importRoute } from "../security/helpers/routes";
import { startLiveWorkspace } from "../helpers/live-workspace";

/**
 * Statements each page and API sends to PostgreSQL, counted at the driver (every query any pg
 * client of this process sends). A page is all the loaders Remix runs for it, with one load
 * context, as the server runs them. The budgets are today's counts: a change that adds a statement
 * to a page fails here, and says which.
 */
type Via = "cookie" | "token" | "liveCookie" | "liveToken";
type Call = { name: string; routes: string[]; path: string; via: Via };

const CALLS: Call[] = [
  { name: "GET /dashboard", routes: ["dashboard.tsx", "dashboard._index.tsx"], path: "/dashboard", via: "cookie" },
  {
    name: "GET /dashboard/deploy/provider",
    routes: ["dashboard.tsx", "dashboard.deploy.tsx", "dashboard.deploy.provider.tsx"],
    path: "/dashboard/deploy/provider",
    via: "cookie",
  },
  {
    name: "GET /dashboard/deploy/preflight",
    routes: ["dashboard.tsx", "dashboard.deploy.tsx", "dashboard.deploy.preflight.tsx"],
    path: "/dashboard/deploy/preflight",
    via: "cookie",
  },
  { name: "GET /dashboard/team", routes: ["dashboard.tsx", "dashboard.team.tsx"], path: "/dashboard/team", via: "cookie" },
  { name: "GET /api/dashboard/stats", routes: ["api.dashboard.stats.ts"], path: "/api/dashboard/stats", via: "token" },
  { name: "GET /api/deploy/config", routes: ["api.deploy.config.ts"], path: "/api/deploy/config", via: "token" },
  { name: "GET /api/team", routes: ["api.team.ts"], path: "/api/team", via: "token" },
  ...(["url", "database", "secrets", "keys", "verify", "live"] as const).map((step) => ({
    name: `GET /dashboard/deploy/${step}`,
    routes: ["dashboard.tsx", "dashboard.deploy.tsx", `dashboard.deploy.${step}.tsx`],
    path: `/dashboard/deploy/${step}`,
    via: "cookie" as const,
  })),
  ...(["setup", "modules", "tokens", "audit", "account"] as const).map((page) => ({
    name: `GET /dashboard/${page}`,
    routes: ["dashboard.tsx", `dashboard.${page}.tsx`],
    path: `/dashboard/${page}`,
    via: "cookie" as const,
  })),
  ...(["deploy/runs", "deploy/uptime", "audit", "setup", "modules", "tokens", "workspaces"] as const).map((api) => ({
    name: `GET /api/${api}`,
    routes: [`api.${api.replace("/", ".")}.ts`],
    path: `/api/${api}`,
    via: "token" as const,
  })),
  // A LIVE workspace's pages also read its health, history and alerts (Stay LIVE).
  { name: "GET /dashboard (LIVE)", routes: ["dashboard.tsx", "dashboard._index.tsx"], path: "/dashboard", via: "liveCookie" },
  { name: "GET /api/deploy/uptime (LIVE)", routes: ["api.deploy.uptime.ts"], path: "/api/deploy/uptime", via: "liveToken" },
];

// identity = session (or token) with memberships; deploy state = configuration with modules, and the latest runs.
const BUDGETS: Record<string, number> = {
  "GET /dashboard": 4, // identity, figures, deploy state (2)
  "GET /dashboard/deploy/provider": 3, // identity, deploy state (2)
  "GET /dashboard/deploy/preflight": 3,
  "GET /dashboard/team": 5, // identity, members, invitations, deploy state (2)
  "GET /api/dashboard/stats": 2, // identity, figures
  "GET /api/deploy/config": 3, // identity, deploy state (2)
  "GET /api/team": 3, // identity, members, invitations
  "GET /dashboard/deploy/url": 3, // identity, deploy state (2)
  "GET /dashboard/deploy/database": 3,
  "GET /dashboard/deploy/secrets": 3,
  "GET /dashboard/deploy/keys": 3,
  "GET /dashboard/deploy/verify": 4, // identity, deploy state (2), a verification still running
  "GET /dashboard/deploy/live": 3,
  "GET /dashboard/setup": 4, // identity, deploy state (2) for the header's badge, the checklist
  "GET /dashboard/modules": 4, // identity, deploy state (2), the modules
  "GET /dashboard/tokens": 4, // identity, deploy state (2), the person's tokens
  "GET /dashboard/audit": 4, // identity, deploy state (2), one page of the log
  "GET /dashboard/account": 4, // identity, deploy state (2), the count of the person's sessions
  "GET /api/deploy/runs": 2, // identity, one page of runs
  "GET /api/deploy/uptime": 3, // identity, the live overview (not LIVE here: the deploy state)
  "GET /api/audit": 2, // identity, one page of the log
  "GET /api/setup": 2, // identity, the checklist
  "GET /api/modules": 2, // identity, the modules
  "GET /api/tokens": 2, // identity, the person's tokens
  "GET /api/workspaces": 1, // identity with memberships
  // identity, figures, deploy state (2), the monitor row (health and settings, once), uptime (3: checks by day, days rolled up, recent checks), incidents, alerts
  "GET /dashboard (LIVE)": 10,
  "GET /api/deploy/uptime (LIVE)": 9, // the same without the figures
};

describe.runIf((DATABASE_KINDS as readonly string[]).includes("postgres"))("statements per request on PostgreSQL", () => {
  useTestDatabase("postgres");
  const sent: string[] = [];
  const named: string[] = [];
  const original = pg.Client.prototype.query;
  let headers: Record<Via, Record<string, string>>;
  let liveServer: { close(): Promise<void> } | undefined;

  beforeAll(async () => {
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const text = typeof args[0] === "string" ? args[0] : (args[0] as { text?: string })?.text;
      if (text) sent.push(text);
      const name = typeof args[0] === "object" ? (args[0] as { name?: string })?.name : undefined;
      if (name) named.push(name);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;
    const team = await tenantWithTeam("Counted Co");
    await configureDeploy(team.as("OWNER"), { appUrl: "https://counted.example.com", databaseUrl: "postgresql://app:pw-123456@db.example.com:5432/app" });
    await ensurePassingRuns(team.as("OWNER"));
    const { cookie } = await sessionCookieFor(team.people.OWNER.id, team.tenant.id);
    const { token } = await tokenFor(team.people.OWNER.id, team.tenant.id);
    const live = await startLiveWorkspace({ name: "Counted Live" });
    liveServer = live.server;
    const liveSession = await sessionCookieFor(live.owner.id, live.tenant.id);
    const liveToken = await tokenFor(live.owner.id, live.tenant.id);
    headers = {
      cookie: { Cookie: cookie },
      token: { Authorization: `Bearer ${token}` },
      liveCookie: { Cookie: liveSession.cookie },
      liveToken: { Authorization: `Bearer ${liveToken.token}` },
    };
  });
  afterAll(async () => {
    pg.Client.prototype.query = original;
    await liveServer?.close();
  });

  async function count(call: Call) {
    const modules = await Promise.all(call.routes.map((file) => importRoute(file)));
    const request = () => new Request(`http://localhost:3999${call.path}`, { headers: headers[call.via] });
    const context = createLoadContext({ method: "GET", cspNonce: "", requestId: "count" });
    // Warm: a first request may create rows (the deploy configuration) or prepare the pool.
    await Promise.all(
      modules.map((mod) => mod.loader?.({ request: request(), params: {}, context: createLoadContext({ method: "GET", cspNonce: "", requestId: "warm" }) })),
    );
    sent.length = 0;
    named.length = 0;
    await Promise.all(modules.map((mod) => mod.loader?.({ request: request(), params: {}, context })));
    return { statements: [...sent], named: [...named] };
  }

  for (const call of CALLS) {
    it(`${call.name} stays within its statement budget`, async () => {
      const { statements } = await count(call);
      expect(BUDGETS[call.name], `no budget for ${call.name}`).toBeDefined();
      expect(statements.length, statements.join("\n")).toBeLessThanOrEqual(BUDGETS[call.name]!);
    });
  }

  // The reads every request makes go as named prepared statements (app/db/statements.server.ts):
  // PostgreSQL plans them once per connection, and the client skips Prisma's query compiler.
  it("sends identity, the dashboard's figures and the deploy state as named prepared statements", async () => {
    const page = await count(CALLS.find((call) => call.name === "GET /dashboard")!);
    expect(page.named.map((name) => name.replace(/_[0-9a-f]{12}$/, ""))).toEqual(expect.arrayContaining(["session_identity", "tenant_figures"]));
    const api = await count(CALLS.find((call) => call.name === "GET /api/dashboard/stats")!);
    expect(api.named.map((name) => name.replace(/_[0-9a-f]{12}$/, "")).sort()).toEqual(["tenant_figures", "token_identity"]);
    expect(api.statements).toHaveLength(2);
    const step = await count(CALLS.find((call) => call.name === "GET /dashboard/deploy/provider")!);
    expect(step.named.map((name) => name.replace(/_[0-9a-f]{12}$/, "")).sort()).toEqual(["deploy_config_with_modules", "latest_runs", "session_identity"]);
    expect(step.statements).toHaveLength(3);
  });
});
