import type { ActionFunctionArgs } from "@remix-run/node";
import { getEnv } from "~/env.server";
import { apiError, apiJson, methodNotAllowed, readJsonBody, validationError } from "~/http/api.server";
import { clientIp } from "~/http/client-ip";
import { apiErrorFrom } from "~/http/domain-error.server";
import { HANDOVER_SCOPE, HandoverSchema, receiveHandover } from "~/workspace/handover.server";
import { refusePlatformCall } from "~/workspace/instance.server";

/**
 * POST /api/instance/handover (instance only): the platform hands its workspace over (name, setup
 * checklist, modules, the team as invitations), signed with this instance's JWT_SECRET, scope
 * deploy:handover, used once. 409 when this instance serves another workspace.
 */
export async function loader() {
  return getEnv().mode === "instance" ? methodNotAllowed(["POST"]) : notHere();
}

export async function action({ request }: ActionFunctionArgs) {
  if (getEnv().mode !== "instance") return notHere();
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const refused = await refusePlatformCall(request, HANDOVER_SCOPE);
  if (refused) return refused;
  const parsed = HandoverSchema.safeParse(await readJsonBody(request));
  if (!parsed.success) return validationError(parsed.error);
  try {
    return apiJson(await receiveHandover(parsed.data, `platform ${clientIp(request)}`));
  } catch (error) {
    return apiErrorFrom(error);
  }
}

function notHere() {
  return apiError(404, "not_found", "Only a workspace's own instance (GOLIVE_MODE=instance) receives a workspace.");
}
