import { randomBytes } from "node:crypto";
import { db } from "~/db/client.server";
import type { RenderedBundle } from "~/deploy/config/env-bundle";
import { openSecret, sealSecret } from "~/deploy/config/deploy-config.server";
import { registerSecretForScrubbing } from "~/logger.server";
import type { TenantContext } from "~/tenancy/context.server";

/**
 * Step D's one-time view (post, redirect, get). The page's form post stores the secrets, seals what
 * the person must copy (the values and the bundle that carries them) into a `SecretReveal` row bound
 * to the workspace and to the session that generated them, and redirects. The first GET of the view
 * shows the values and marks the row shown; a refresh, Back or a second tab finds it shown and says
 * so. Until the row expires (REVEAL_MINUTES) the same session may download the bundle as a `.env`
 * file; "I saved them" deletes it at once. Values never travel in a URL, a log or an audit row.
 */
export const REVEAL_MINUTES = 10;
const SWEEP_BATCH = 200;

export type RevealSecret = { name: string; value: string; encoding: string; bytes: number; fingerprint: string; purpose: string };
export type RevealPayload = { secrets: RevealSecret[]; bundle: RenderedBundle | null };
export type RevealView =
  | { state: "fresh"; source: "generate" | "provide"; rotated: boolean; expiresAt: string; secrets: RevealSecret[]; bundle: RenderedBundle | null }
  | { state: "already-shown"; expiresAt: string }
  | { state: "none" };

type RevealOwner = Pick<TenantContext, "tenant" | "sessionId">;

const field = (id: string) => `secretReveal:${id}`;

function sessionOf(ctx: RevealOwner) {
  if (!ctx.sessionId) throw new Error("a one-time view belongs to a signed-in session");
  return ctx.sessionId;
}

/** Seals what was just stored for this session's one-time view; older views of the session go. */
export async function openReveal(ctx: RevealOwner, options: { source: "generate" | "provide"; rotated: boolean; payload: RevealPayload }) {
  const sessionId = sessionOf(ctx);
  const id = randomBytes(24).toString("base64url");
  await db().$executeRaw`
    DELETE FROM "SecretReveal" WHERE "id" IN (SELECT "id" FROM "SecretReveal" WHERE "expiresAt" < now() LIMIT ${SWEEP_BATCH})`;
  await db().secretReveal.deleteMany({ where: { tenantId: ctx.tenant.id, sessionId } });
  await db().secretReveal.create({
    data: {
      id,
      tenantId: ctx.tenant.id,
      sessionId,
      source: options.source,
      rotated: options.rotated,
      sealed: sealSecret(ctx.tenant.id, field(id), JSON.stringify(options.payload)),
      expiresAt: new Date(Date.now() + REVEAL_MINUTES * 60_000),
    },
  });
}

async function currentReveal(ctx: RevealOwner) {
  // An API token has no session, so no one-time view (the JSON API answers the values itself).
  if (!ctx.sessionId) return null;
  return db().secretReveal.findFirst({
    where: { tenantId: ctx.tenant.id, sessionId: ctx.sessionId, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
  });
}

function openPayload(tenantId: string, row: { id: string; sealed: string }): RevealPayload {
  const payload = JSON.parse(openSecret(tenantId, field(row.id), row.sealed)) as RevealPayload;
  for (const secret of payload.secrets) registerSecretForScrubbing(secret.value, { keep: "recent" });
  return payload;
}

/** The one-time view: the values the first time (claimed atomically, so two tabs cannot both show them), then "already shown". */
export async function takeReveal(ctx: RevealOwner): Promise<RevealView> {
  const row = await currentReveal(ctx);
  if (!row) return { state: "none" };
  const claimed = await db().secretReveal.updateMany({ where: { id: row.id, shownAt: null }, data: { shownAt: new Date() } });
  if (claimed.count !== 1) return { state: "already-shown", expiresAt: row.expiresAt.toISOString() };
  const payload = openPayload(ctx.tenant.id, row);
  return {
    state: "fresh",
    source: row.source === "provide" ? "provide" : "generate",
    rotated: row.rotated,
    expiresAt: row.expiresAt.toISOString(),
    ...payload,
  };
}

/** The `.env` file of the current view (after it was shown, before it expires), or null. */
export async function revealEnvFile(ctx: RevealOwner): Promise<{ filename: string; text: string } | null> {
  const row = await currentReveal(ctx);
  if (!row || !row.shownAt) return null;
  const { bundle } = openPayload(ctx.tenant.id, row);
  if (!bundle) return null;
  // Every format has a dotenv form: the bundle itself, or (name/value hosts) its "Edit as .env" lines.
  const text = bundle.format === "name-value" && bundle.alternative ? bundle.alternative.text : bundle.text;
  return { filename: `${ctx.tenant.slug}.env`, text };
}

/** "I saved them": the view and its download end now. */
export async function closeReveal(ctx: RevealOwner) {
  await db().secretReveal.deleteMany({ where: { tenantId: ctx.tenant.id, sessionId: sessionOf(ctx) } });
}
