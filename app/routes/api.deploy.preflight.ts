import type { ActionFunctionArgs } from "@remix-run/node";
import { RATE_LIMITS } from "~/auth/rate-limit.server";
import { deployState } from "~/deploy/config/deploy-config.server";
import { enforceRateLimit, requireStep } from "~/deploy/wizard/guard.server";
import { runPreflight } from "~/deploy/checks/preflight.server";
import { apiJson, methodNotAllowed } from "~/http/api.server";
import { apiErrorFrom } from "~/http/domain-error.server";
import { requireManagerApi } from "~/tenancy/context.server";

export async function loader() {
  return methodNotAllowed(["POST"]);
}

/** POST /api/deploy/preflight: runs every check, stores and audits the run, returns it. */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const ctx = await requireManagerApi(request);
  try {
    const state = await deployState(ctx.tenant.id);
    requireStep(state.progress, "preflight");
    await enforceRateLimit(ctx, RATE_LIMITS.preflight, RATE_LIMITS.preflightWorkspace);
    return apiJson({ run: await runPreflight(ctx, { state }) });
  } catch (error) {
    return apiErrorFrom(error);
  }
}
