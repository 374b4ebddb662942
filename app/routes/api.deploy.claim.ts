import type { ActionFunctionArgs } from "@remix-run/node";
import { deployState } from "~/deploy/config/deploy-config.server";
import { issueClaimLink } from "~/deploy/checks/handover.server";
import { requireDeployWizardApi } from "~/deploy/wizard/availability.server";
import { apiJson, methodNotAllowed } from "~/http/api.server";
import { apiErrorFrom } from "~/http/domain-error.server";
import { requireManagerApi } from "~/tenancy/context.server";

export async function loader() {
  requireDeployWizardApi();
  return methodNotAllowed(["POST"]);
}

/**
 * POST /api/deploy/claim (owners): a new claim link to the workspace's instance, replacing the
 * earlier one (which stops working). The link is in this answer only.
 */
export async function action({ request }: ActionFunctionArgs) {
  requireDeployWizardApi();
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const ctx = await requireManagerApi(request);
  try {
    return apiJson({ claim: await issueClaimLink(ctx, await deployState(ctx.tenant.id)) }, { status: 201 });
  } catch (error) {
    return apiErrorFrom(error);
  }
}
