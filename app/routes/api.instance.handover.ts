import type { ActionFunctionArgs } from "@remix-run/node";
import { HANDOVER_SCOPE, HandoverSchema, receiveHandover } from "~/workspace/handover.server";
import { platformCallAction, platformCallPostOnly } from "~/workspace/instance.server";

export const loader = platformCallPostOnly;

/**
 * POST /api/instance/handover (instance only): the platform hands its workspace over (name, setup
 * checklist, modules, the team as invitations), signed with this instance's JWT_SECRET, scope
 * deploy:handover, used once. 409 when this instance serves another workspace.
 */
export async function action({ request }: ActionFunctionArgs) {
  return platformCallAction(request, { scope: HANDOVER_SCOPE, schema: HandoverSchema, run: receiveHandover });
}
