import { getEnv } from "~/env.server";
import { apiError, methodNotAllowed } from "~/http/api.server";
import { apiErrorFrom } from "~/http/domain-error.server";
import { requireManagerApi, type TenantContext } from "~/tenancy/context.server";

/**
 * The Deploy Wizard exists on the platform only. A workspace's own instance (GOLIVE_MODE=instance)
 * is the deployed app: every wizard page and API route answers 404 there, before anything else.
 */
export function deployWizardAvailable() {
  return getEnv().mode !== "instance";
}

/** For wizard pages: a 404 page on an instance. */
export function requireDeployWizardPage() {
  if (!deployWizardAvailable()) throw new Response("There is no Deploy Wizard here: this is the workspace's own instance.", { status: 404 });
}

/** For wizard API routes: the JSON 404 on an instance. */
export function requireDeployWizardApi() {
  if (!deployWizardAvailable()) throw apiError(404, "not_found", "There is no Deploy Wizard here: this is the workspace's own instance, the deployed app.");
}

/** GET on a wizard action endpoint: 405 naming POST (404 on an instance). */
export function deployPostOnly() {
  requireDeployWizardApi();
  return methodNotAllowed(["POST"]);
}

/**
 * A wizard action endpoint (POST /api/deploy/*, /api/env/generate): the platform only, POST only,
 * owners and admins, and whatever the domain refuses answered in the JSON error shape.
 */
export async function deployPostAction(request: Request, run: (ctx: TenantContext) => Promise<Response>): Promise<Response> {
  requireDeployWizardApi();
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const ctx = await requireManagerApi(request);
  try {
    return await run(ctx);
  } catch (error) {
    return apiErrorFrom(error);
  }
}
