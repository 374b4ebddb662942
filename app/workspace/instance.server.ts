import { createHash } from "node:crypto";
import { spendVerifierToken } from "~/auth/verifier-replay.server";
import { looksLikeJwt, verifyVerifierToken } from "~/auth/verifier-token.server";
import { db } from "~/db/client.server";
import { getEnv } from "~/env.server";
import type { ZodType } from "zod";
import { apiError, apiJson, jsonResponse, methodNotAllowed, readJsonBody, validationError } from "~/http/api.server";
import { clientIp } from "~/http/client-ip";
import { apiErrorFrom } from "~/http/domain-error.server";

/**
 * What this process is, as the platform's verification needs to know it: the Go-Live app, as the
 * platform or as a tenant's instance, and (an instance) which workspace it serves. An instance
 * serves exactly one workspace: the one handed over to it, which keeps the platform's id. Before
 * the hand-over an instance is empty.
 */
export type InstanceMode = "platform" | "instance";

/** A workspace id's public fingerprint: it tells two workspaces apart without naming either. */
export function workspaceFingerprint(tenantId: string) {
  return `ws:${createHash("sha256").update(`go-live-workspace:${tenantId}`).digest("hex").slice(0, 16)}`;
}

/** The workspace an instance serves (null when empty, and always null on the platform). */
export async function servedWorkspace(): Promise<{ id: string; name: string } | null> {
  if (getEnv().mode !== "instance") return null;
  return db().tenant.findFirst({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, name: true } });
}

/**
 * The identity a refused verifier token is answered with: enough for the platform to tell "the
 * platform itself", "another workspace's instance" and "this workspace's instance with other
 * secrets" apart, nothing more (no name, no id, no secret material).
 */
export async function publicIdentity() {
  const mode: InstanceMode = getEnv().mode;
  const workspace = await servedWorkspace();
  return { app: "go-live" as const, mode, workspace: workspace ? workspaceFingerprint(workspace.id) : null };
}

/**
 * A call from the platform (the hand-over, the owner's claim): a Bearer JWT signed with this
 * instance's JWT_SECRET, for this instance's APP_URL, with `scope`, used once. Null when accepted;
 * otherwise the 401 to answer, with the reason code and this instance's public identity, as on
 * /api/dashboard/stats.
 */
export async function refusePlatformCall(request: Request, scope: string): Promise<Response | null> {
  const env = getEnv();
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get("Authorization") ?? "")?.[1];
  let refusal: { code: string; reason: string } | null = null;
  if (!bearer || !looksLikeJwt(bearer)) refusal = { code: "malformed", reason: "send a platform token signed with this instance's JWT_SECRET" };
  else {
    const result = await verifyVerifierToken(bearer, { secret: env.jwtSecret, audience: env.appUrl, scope });
    if (!result.ok) refusal = { code: result.code, reason: result.reason };
    else if (!(await spendVerifierToken(result.jti, result.usableUntil))) refusal = { code: "replayed", reason: "this token was already used" };
  }
  if (!refusal) return null;
  const headers = new Headers({ "WWW-Authenticate": 'Bearer realm="go-live", error="invalid_token"', "Cache-Control": "no-store" });
  return jsonResponse(
    { error: { code: "invalid_token", reason: refusal.code, message: `The platform token was refused: ${refusal.reason}.` }, instance: await publicIdentity() },
    401,
    headers,
  );
}

function notOnPlatform() {
  return apiError(404, "not_found", "Only a workspace's own instance (GOLIVE_MODE=instance) receives a workspace.");
}

/** GET on an endpoint the platform calls on an instance: 405 naming POST (404 on the platform). */
export function platformCallPostOnly() {
  return getEnv().mode === "instance" ? methodNotAllowed(["POST"]) : notOnPlatform();
}

/**
 * An endpoint the platform calls on a workspace's own instance (hand-over, claim link): the instance
 * only, POST only, a one-time platform token with `scope`, a body that `schema` accepts, and what the
 * domain refuses answered in the JSON error shape. `run` gets the body and the caller's origin for the audit.
 */
export async function platformCallAction<T>(
  request: Request,
  input: { scope: string; schema: ZodType<T>; run: (body: T, origin: string) => Promise<unknown> },
): Promise<Response> {
  if (getEnv().mode !== "instance") return notOnPlatform();
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const refused = await refusePlatformCall(request, input.scope);
  if (refused) return refused;
  const parsed = input.schema.safeParse(await readJsonBody(request));
  if (!parsed.success) return validationError(parsed.error);
  try {
    return apiJson(await input.run(parsed.data, `platform ${clientIp(request)}`));
  } catch (error) {
    return apiErrorFrom(error);
  }
}
