import type { ActionFunctionArgs } from "@remix-run/node";
import { apiJson, methodNotAllowed } from "~/http/api.server";
import { apiErrorFrom } from "~/http/domain-error.server";
import { revokeInvitation } from "~/workspace/invitations.server";
import { requireManagerApi } from "~/tenancy/context.server";

/** DELETE /api/team/invitations/:id: revoke an invitation (owners and admins); its link stops working at once. */
export async function loader() {
  return methodNotAllowed(["DELETE"]);
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "DELETE") return methodNotAllowed(["DELETE"]);
  const ctx = await requireManagerApi(request);
  try {
    const { invitation, changed } = await revokeInvitation(ctx, params.id ?? "");
    return apiJson({ invitation, changed });
  } catch (error) {
    return apiErrorFrom(error);
  }
}
