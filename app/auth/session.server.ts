import { randomBytes } from "node:crypto";
import { createCookie, redirect } from "@remix-run/node";
import { db } from "~/db/client.server";
import { sweepExpiredSessionsAndCounters } from "~/db/retention.server";
import { cachedRead } from "~/db/read-cache.server";
import { getEnv } from "~/env.server";

/**
 * Database-backed sessions. The cookie holds only a random session id (signed); the row holds
 * who is signed in and which tenant they are looking at. Every instance reads the same rows.
 */
const SESSION_DAYS = 30;

let cookie: ReturnType<typeof createCookie> | undefined;

export function sessionCookie() {
  if (!cookie) {
    const env = getEnv();
    // __Host- requires Secure, so the prefix is used whenever the app is served over https.
    cookie = createCookie(env.secureCookies ? "__Host-golive_session" : "golive_session", {
      httpOnly: true,
      sameSite: "lax",
      secure: env.secureCookies,
      path: "/",
      maxAge: SESSION_DAYS * 24 * 60 * 60,
      secrets: [env.sessionSecret],
    });
  }
  return cookie;
}

export type SessionRecord = { id: string; userId: string; activeTenantId: string | null };

/** The session id the request's (signed) cookie carries, or null; no database read. */
export async function sessionIdFrom(request: Request): Promise<string | null> {
  const sessionId = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof sessionId === "string" && sessionId.length >= 20 ? sessionId : null;
}

export async function readSession(request: Request): Promise<SessionRecord | null> {
  const sessionId = await sessionIdFrom(request);
  if (!sessionId) return null;
  const session = await cachedRead(`session:${sessionId}`, () =>
    db().session.findUnique({ where: { id: sessionId }, select: { id: true, userId: true, activeTenantId: true, expiresAt: true } }),
  );
  if (!session || session.expiresAt.getTime() <= Date.now()) return null;
  return { id: session.id, userId: session.userId, activeTenantId: session.activeTenantId };
}

export async function createSession(userId: string, options: { activeTenantId?: string | null; userAgent?: string | null } = {}) {
  const id = randomBytes(32).toString("base64url");
  await db().session.create({
    data: {
      id,
      userId,
      activeTenantId: options.activeTenantId ?? null,
      userAgent: options.userAgent?.slice(0, 200) ?? null,
      expiresAt: new Date(Date.now() + SESSION_DAYS * 24 * 60 * 60 * 1000),
    },
  });
  await sweepExpiredSessionsAndCounters();
  return { id, setCookie: await sessionCookie().serialize(id) };
}

export async function setActiveTenant(sessionId: string, tenantId: string) {
  await db().session.update({ where: { id: sessionId }, data: { activeTenantId: tenantId } });
}

export async function destroySession(request: Request) {
  const session = await readSession(request);
  if (session) await db().session.deleteMany({ where: { id: session.id } });
  return sessionCookie().serialize("", { maxAge: 0 });
}

export async function signOutAndRedirect(request: Request, to = "/login") {
  return redirect(to, { headers: { "Set-Cookie": await destroySession(request) } });
}

/**
 * Only paths on this app are followed after sign-in. The value is resolved with the URL parser, as
 * a browser would, and must stay on the app's origin; what is returned is the parsed path, never
 * the raw text. Control characters (a browser strips tabs and newlines, so "/\t/evil.example" is
 * "//evil.example" to it; CR or LF cannot be in a header) and backslashes (a browser reads them
 * as slashes) are refused outright. The origin is a placeholder: only "same or not" matters.
 */
const REDIRECT_BASE = "http://app.invalid";
export function safeRedirectPath(value: unknown, fallback = "/dashboard") {
  // eslint-disable-next-line no-control-regex
  if (typeof value !== "string" || !value.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, REDIRECT_BASE);
  } catch {
    return fallback;
  }
  // "/.//evil.example" parses to the path "//evil.example", which a Location header reads as a host.
  if (url.origin !== REDIRECT_BASE || url.pathname.startsWith("//")) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
