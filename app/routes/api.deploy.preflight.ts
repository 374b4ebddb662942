import type { ActionFunctionArgs } from "@remix-run/node";
import { RATE_LIMITS } from "~/auth/rate-limit.server";
import { enforceRateLimit, requireStepApi } from "~/deploy/wizard/guard.server";
import { runPreflight } from "~/deploy/checks/preflight.server";
import { apiJson, methodNotAllowed } from "~/http/api.server";
import { requireManagerApi } from "~/tenancy/context.server";

export async function loader() {
  return methodNotAllowed(["POST"]);
}

/** POST /api/deploy/preflight: runs every check, stores and audits the run, returns it. */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const ctx = await requireManagerApi(request);
  const state = await requireStepApi(ctx, "preflight");
  await enforceRateLimit(ctx, RATE_LIMITS.preflight, "api", RATE_LIMITS.preflightWorkspace);
  const run = await runPreflight(ctx, { state });
  return apiJson({ run });
}
