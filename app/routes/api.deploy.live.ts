import type { ActionFunctionArgs } from "@remix-run/node";
import { deployState } from "~/deploy/config/deploy-config.server";
import { goLive } from "~/deploy/wizard/live.server";
import { claimLinkAnswer } from "~/deploy/wizard/claim.server";
import { presentDeployState } from "~/deploy/wizard/present.server";
import { apiJson, methodNotAllowed } from "~/http/api.server";
import { apiErrorFrom } from "~/http/domain-error.server";
import { requireManagerApi } from "~/tenancy/context.server";
import { requireDeployWizardApi } from "~/deploy/wizard/availability.server";

export async function loader() {
  requireDeployWizardApi();
  return methodNotAllowed(["POST"]);
}

/**
 * POST /api/deploy/live: 409 with a fix unless pre-flight and verification passed for this
 * configuration. An owner's answer carries `claim`: the one-time link to set their password on the
 * instance (`{ link, expiresAt }`, in this answer only), or `{ error }` saying why there is none.
 */
export async function action({ request }: ActionFunctionArgs) {
  requireDeployWizardApi();
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const ctx = await requireManagerApi(request);
  let result;
  try {
    result = await goLive(ctx);
  } catch (error) {
    return apiErrorFrom(error);
  }
  const state = await deployState(ctx.tenant.id);
  return apiJson({ alreadyLive: result.alreadyLive, liveAt: result.liveAt.toISOString(), deploy: presentDeployState(state), ...(ctx.role === "OWNER" ? { claim: await claimLinkAnswer(ctx, state) } : {}) });
}
