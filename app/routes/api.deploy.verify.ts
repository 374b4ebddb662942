import type { ActionFunctionArgs } from "@remix-run/node";
import { RATE_LIMITS } from "~/auth/rate-limit.server";
import { enforceRateLimit, requireStepApi } from "~/deploy/wizard/guard.server";
import { runVerification } from "~/deploy/checks/verify.server";
import { apiJson, methodNotAllowed } from "~/http/api.server";
import { requireManagerApi } from "~/tenancy/context.server";

export async function loader() {
  return methodNotAllowed(["POST"]);
}

/** POST /api/deploy/verify: calls the live URL, stores and audits the run, returns it. */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const ctx = await requireManagerApi(request);
  const state = await requireStepApi(ctx, "verify");
  await enforceRateLimit(ctx, RATE_LIMITS.verify, "api", RATE_LIMITS.verifyWorkspace);
  const run = await runVerification(ctx, { state });
  return apiJson({ run });
}
