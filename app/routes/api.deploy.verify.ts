import type { ActionFunctionArgs } from "@remix-run/node";
import { RATE_LIMITS } from "~/auth/rate-limit.server";
import { deployState } from "~/deploy/config/deploy-config.server";
import { enforceRateLimit, requireStep } from "~/deploy/wizard/guard.server";
import { runVerification } from "~/deploy/checks/verify.server";
import { apiJson, methodNotAllowed } from "~/http/api.server";
import { apiErrorFrom } from "~/http/domain-error.server";
import { requireManagerApi } from "~/tenancy/context.server";

export async function loader() {
  return methodNotAllowed(["POST"]);
}

/** POST /api/deploy/verify: calls the live URL, stores and audits the run, returns it. */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const ctx = await requireManagerApi(request);
  try {
    const state = await deployState(ctx.tenant.id);
    requireStep(state.progress, "verify");
    await enforceRateLimit(ctx, RATE_LIMITS.verify, RATE_LIMITS.verifyWorkspace);
    return apiJson({ run: await runVerification(ctx, { state }) });
  } catch (error) {
    return apiErrorFrom(error);
  }
}
