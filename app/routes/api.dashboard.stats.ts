import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { spendVerifierToken } from "~/auth/verifier-replay.server";
import { looksLikeJwt, verifyVerifierToken } from "~/auth/verifier-token.server";
import { fingerprintKey } from "~/crypto/key-material.server";
import { getEnv } from "~/env.server";
import { apiError, apiJson, methodNotAllowed } from "~/http/api.server";
import { instanceStats, tenantStats } from "~/workspace/stats.server";
import { getApiContext } from "~/tenancy/context.server";

/**
 * GET /api/dashboard/stats for a session, a personal API token, or a deploy-verifier JWT signed
 * with this instance's JWT_SECRET for this instance's APP_URL, good for one request. Every answer
 * names APP_URL and the ENCRYPTION_KEY fingerprint, which is how the wizard tells "wrong app" and
 * "wrong key" apart.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const env = getEnv();
  const instance = { appUrl: env.appUrl, encryptionKeyFingerprint: fingerprintKey(env.encryptionKey) };
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get("Authorization") ?? "")?.[1];

  if (bearer && looksLikeJwt(bearer)) {
    const result = await verifyVerifierToken(bearer, { secret: env.jwtSecret, audience: env.appUrl });
    let reason = result.ok ? null : result.reason;
    if (result.ok && !(await spendVerifierToken(result.jti, result.usableUntil))) reason = "this token was already used (sign a new one, with a new jti, for every request)";
    if (reason) {
      return apiError(401, "invalid_token", `The verification token was refused: ${reason}.`, {
        headers: { "WWW-Authenticate": 'Bearer realm="go-live", error="invalid_token"' },
      });
    }
    return apiJson({ ...instance, scope: "instance", stats: await instanceStats() });
  }

  const ctx = await getApiContext(request);
  if (!ctx) {
    return apiError(401, "unauthenticated", "Sign in, send a personal API token, or a deploy-verifier JWT.", {
      headers: { "WWW-Authenticate": 'Bearer realm="go-live"' },
    });
  }
  return apiJson({ ...instance, scope: "tenant", tenant: { id: ctx.tenant.id, name: ctx.tenant.name }, stats: await tenantStats(ctx.tenant.id) });
}

export async function action(_args: ActionFunctionArgs) {
  return methodNotAllowed(["GET"]);
}
