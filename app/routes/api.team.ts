import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiJson, methodNotAllowed, readJsonBody, validationError } from "~/http/api.server";
import { apiErrorFrom } from "~/http/domain-error.server";
import { createInvitation, listInvitations } from "~/workspace/invitations.server";
import { InviteApiSchema } from "~/workspace/schemas";
import { listMembers } from "~/workspace/team.server";
import { requireApiContext, requireManagerApi } from "~/tenancy/context.server";
import { canManage } from "~/tenancy/roles";

/**
 * GET /api/team: the members (any member) and, for owners and admins, the open invitations.
 * POST {email, role}: invite a person (owners and admins); 201 with the invitation and its link,
 * the only time the link is shown. The answer is the same whether or not the address has an account.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireApiContext(request);
  const [members, invitations] = await Promise.all([listMembers(ctx.tenant.id), canManage(ctx.role) ? listInvitations(ctx.tenant.id) : null]);
  return apiJson({ tenant: { id: ctx.tenant.id, name: ctx.tenant.name }, members, ...(invitations ? { invitations } : {}) });
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  const ctx = await requireManagerApi(request);
  const parsed = InviteApiSchema.safeParse(await readJsonBody(request));
  if (!parsed.success) return validationError(parsed.error);
  try {
    const { invitation, link } = await createInvitation(ctx, parsed.data);
    return apiJson({ invitation, link }, { status: 201 });
  } catch (error) {
    return apiErrorFrom(error);
  }
}
