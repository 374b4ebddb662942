import type { ActionFunctionArgs } from "@remix-run/node";
import { ClaimSchema, HANDOVER_SCOPE, issueClaim } from "~/workspace/handover.server";
import { platformCallAction, platformCallPostOnly } from "~/workspace/instance.server";

export const loader = platformCallPostOnly;

/**
 * POST /api/instance/claim (instance only): the platform asks for the owner's claim link, a new
 * OWNER invitation replacing any open one for that address; the link is in this answer only.
 */
export async function action({ request }: ActionFunctionArgs) {
  return platformCallAction(request, { scope: HANDOVER_SCOPE, schema: ClaimSchema, run: issueClaim });
}
