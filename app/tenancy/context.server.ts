import { redirect, type AppLoadContext } from "@remix-run/node";
import { hashApiToken, isWellFormedApiToken, recordUse } from "~/auth/api-token.server";
import { sessionIdFrom } from "~/auth/session.server";
import { runStatement } from "~/db/client.server";
import { cachedRead } from "~/db/read-cache.server";
import { SESSION_IDENTITY, TOKEN_IDENTITY, type IdentityRow } from "./identity-statements.server";
import { apiError } from "~/http/api.server";
import { clientIp } from "~/http/client-ip";
import { memoize } from "~/http/load-context.server";
import { MANAGER_ROLES, type RoleName } from "./roles";

/**
 * The one place that turns a request into "who, in which tenant, with which role". Routes receive a
 * tenant-bound context and pass `ctx.tenant.id` to every query; membership and role are read live
 * on every request, so a demoted or removed person loses access at once (sessions and tokens alike).
 * On the embedded database a read may be answered from memory, but only while nothing at all has
 * been written since it was made (app/db/read-cache.server.ts), which is the same answer.
 */
export type TenantContext = {
  user: { id: string; email: string; name: string };
  tenant: { id: string; name: string; slug: string };
  role: RoleName;
  via: "session" | "token";
  sessionId: string | null;
  origin: string;
};

export type PageContext = TenantContext & { memberships: { tenantId: string; tenantName: string; role: RoleName }[] };

/** Where a request came from, for the audit log: the client address the server saw. */
export function requestOrigin(request: Request, via: "session" | "token") {
  return `${via === "token" ? "api" : "web"} ${clientIp(request)}`;
}

type Membership = { role: RoleName; tenant: { id: string; name: string; slug: string }; user: { id: string; email: string; name: string } };

/** Frozen, like everything the read cache hands out: no caller can change what the next one reads. */
function toMemberships(rows: IdentityRow[]): Membership[] {
  return rows
    .filter((row) => row.role && row.tenantId)
    .map((row) =>
      Object.freeze({
        role: row.role!,
        tenant: Object.freeze({ id: row.tenantId!, name: row.tenantName!, slug: row.tenantSlug! }),
        user: Object.freeze({ id: row.userId, email: row.email, name: row.userName }),
      }),
    );
}

async function loadSessionIdentity(sessionId: string) {
  const rows = await cachedRead(`identity:session:${sessionId}`, () => runStatement(SESSION_IDENTITY, [sessionId]));
  const first = rows[0];
  // Expiry is checked here, not in SQL, so an answer kept by the read cache still expires on time.
  if (!first || !first.expiresAt || new Date(first.expiresAt).getTime() <= Date.now()) return null;
  return { session: { id: sessionId, userId: first.userId, activeTenantId: first.activeTenantId }, memberships: toMemberships(rows) };
}

async function loadTokenIdentity(token: string) {
  if (!isWellFormedApiToken(token)) return null;
  const tokenHash = hashApiToken(token);
  // Keyed by the digest, like the row: the token itself is a secret and stays out of memory.
  const rows = await cachedRead(`identity:token:${tokenHash}`, () => runStatement(TOKEN_IDENTITY, [tokenHash]));
  const row = rows[0];
  if (!row) return null;
  await recordUse({ id: row.tokenId, lastUsedAt: row.lastUsedAt ? new Date(row.lastUsedAt) : null });
  return toMemberships([row])[0] ?? null;
}

async function lookupPageContext(request: Request): Promise<PageContext | "signed-out" | "no-workspace"> {
  const sessionId = await sessionIdFrom(request);
  const identity = sessionId ? await loadSessionIdentity(sessionId) : null;
  if (!identity) return "signed-out";
  const { session, memberships } = identity;
  if (memberships.length === 0) return "no-workspace";
  const current = memberships.find((m) => m.tenant.id === session.activeTenantId) ?? memberships[0]!;
  return {
    user: current.user,
    tenant: current.tenant,
    role: current.role,
    via: "session",
    sessionId: session.id,
    origin: requestOrigin(request, "session"),
    memberships: memberships.map((m) => ({ tenantId: m.tenant.id, tenantName: m.tenant.name, role: m.role })),
  };
}

/** For pages: signed-out people are sent to sign in; the wrong role gets a 403 page. The layout and
 * the page of one GET share a single lookup; each gets its own thrown Response. */
export async function requirePageContext(request: Request, options: { roles?: readonly RoleName[]; context?: AppLoadContext } = {}): Promise<PageContext> {
  const context = await memoize(options.context, "page-context", () => lookupPageContext(request));
  if (context === "signed-out") {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (context === "no-workspace") throw new Response("You are not a member of any workspace.", { status: 403 });
  if (options.roles && !options.roles.includes(context.role)) {
    throw new Response("Only owners and admins can open this page.", { status: 403 });
  }
  return context;
}

export function requireManagerPage(request: Request, context?: AppLoadContext) {
  return requirePageContext(request, { roles: MANAGER_ROLES, context });
}

const unauthenticated = () =>
  apiError(401, "unauthenticated", "Sign in, or send a personal API token as 'Authorization: Bearer glpat_…'.", {
    headers: { "WWW-Authenticate": 'Bearer realm="go-live"' },
  });

/** Reads a bearer token or a session; returns null when the request carries neither (or a bad one). */
export async function getApiContext(request: Request): Promise<TenantContext | null> {
  const authorization = request.headers.get("Authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) return null;
    // A token acts only while it is not revoked and its owner is an active member of its workspace.
    const membership = await loadTokenIdentity(match[1]!);
    if (!membership) return null;
    return { user: membership.user, tenant: membership.tenant, role: membership.role, via: "token", sessionId: null, origin: requestOrigin(request, "token") };
  }
  const sessionId = await sessionIdFrom(request);
  const identity = sessionId ? await loadSessionIdentity(sessionId) : null;
  if (!identity) return null;
  const { session, memberships } = identity;
  const current = memberships.find((m) => m.tenant.id === session.activeTenantId) ?? memberships[0];
  if (!current) return null;
  return { user: current.user, tenant: current.tenant, role: current.role, via: "session", sessionId: session.id, origin: requestOrigin(request, "session") };
}

/** For APIs: 401 JSON with WWW-Authenticate without identity, 403 JSON for the wrong role. */
export async function requireApiContext(request: Request, options: { roles?: readonly RoleName[] } = {}): Promise<TenantContext> {
  const context = await getApiContext(request);
  if (!context) throw unauthenticated();
  if (options.roles && !options.roles.includes(context.role)) {
    throw apiError(403, "forbidden", "Only owners and admins of this workspace can do this.");
  }
  return context;
}

export function requireManagerApi(request: Request) {
  return requireApiContext(request, { roles: MANAGER_ROLES });
}
