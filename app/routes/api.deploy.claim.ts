import type { ActionFunctionArgs } from "@remix-run/node";
import { issueClaimLink } from "~/deploy/checks/handover.server";
import { deployState } from "~/deploy/config/deploy-config.server";
import { deployPostAction, deployPostOnly } from "~/deploy/wizard/availability.server";
import { apiJson } from "~/http/api.server";

export const loader = deployPostOnly;

/**
 * POST /api/deploy/claim (owners): a new claim link to the workspace's instance, replacing the
 * earlier one (which stops working). The link is in this answer only.
 */
export async function action({ request }: ActionFunctionArgs) {
  return deployPostAction(request, async (ctx) => apiJson({ claim: await issueClaimLink(ctx, await deployState(ctx.tenant.id)) }, { status: 201 }));
}
