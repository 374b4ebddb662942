import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { spendVerifierToken } from "~/auth/verifier-replay.server";
import { looksLikeJwt, verifyVerifierToken } from "~/auth/verifier-token.server";
import { fingerprintKey } from "~/crypto/key-material.server";
import { getEnv } from "~/env.server";
import { apiError, apiJson, jsonResponse, methodNotAllowed } from "~/http/api.server";
import { publicIdentity, servedWorkspace } from "~/workspace/instance.server";
import { instanceStats, tenantStats } from "~/workspace/stats.server";
import { getApiContext } from "~/tenancy/context.server";

/**
 * GET /api/dashboard/stats for a session, a personal API token, or a deploy-verifier JWT signed
 * with this instance's JWT_SECRET for this instance's APP_URL, good for one request. Every answer
 * names APP_URL and the ENCRYPTION_KEY fingerprint, which is how the wizard tells "wrong app" and
 * "wrong key" apart; the verifier's answer also names the mode and the workspace this process serves.
 * A refused verifier token is answered with a reason code (`error.reason`: `audience` when only
 * APP_URL differs, `signature` when the secrets do, …) and this process's public identity (app,
 * mode, a fingerprint of the workspace it serves), so the platform can say which app it reached.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const env = getEnv();
  const instance = { appUrl: env.appUrl, encryptionKeyFingerprint: fingerprintKey(env.encryptionKey) };
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get("Authorization") ?? "")?.[1];

  if (bearer && looksLikeJwt(bearer)) {
    const result = await verifyVerifierToken(bearer, { secret: env.jwtSecret, audience: env.appUrl });
    let refusal = result.ok ? null : { code: result.code as string, reason: result.reason };
    if (result.ok && !(await spendVerifierToken(result.jti, result.usableUntil)))
      refusal = { code: "replayed", reason: "this token was already used (sign a new one, with a new jti, for every request)" };
    if (refusal) {
      const headers = new Headers({ "WWW-Authenticate": 'Bearer realm="go-live", error="invalid_token"', "Cache-Control": "no-store" });
      const body = {
        error: { code: "invalid_token", reason: refusal.code, message: `The verification token was refused: ${refusal.reason}.` },
        instance: await publicIdentity(),
      };
      return jsonResponse(body, 401, headers);
    }
    // The module keys this process holds, by name and fingerprint (never a value): verification compares them with step E's.
    const moduleKeys = Object.fromEntries(Object.entries(env.moduleKeys).map(([name, value]) => [name, fingerprintKey(Buffer.from(value, "utf8"))]));
    return apiJson({ ...instance, mode: env.mode, scope: "instance", workspace: await servedWorkspace(), moduleKeys, stats: await instanceStats() });
  }

  const ctx = await getApiContext(request);
  if (!ctx) {
    return apiError(401, "unauthenticated", "Sign in, send a personal API token, or a deploy-verifier JWT.", {
      headers: { "WWW-Authenticate": 'Bearer realm="go-live"' },
    });
  }
  return apiJson({
    ...instance,
    mode: env.mode,
    workspace: await servedWorkspace(),
    scope: "tenant",
    tenant: { id: ctx.tenant.id, name: ctx.tenant.name },
    stats: await tenantStats(ctx.tenant.id),
  });
}

export async function action(_args: ActionFunctionArgs) {
  return methodNotAllowed(["GET"]);
}
