import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiJson, methodNotAllowed, readJsonBody, validationError } from "~/http/api.server";
import { hostErrorToApi } from "~/host/host-error.server";
import { AddMemberApiSchema } from "~/host/schemas";
import { addMember, listMembers } from "~/host/team.server";
import { requireApiContext, requireManagerApi } from "~/tenancy/context.server";

/** GET /api/team: the members of the caller's tenant (any member). POST: add a member (owners and admins). */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireApiContext(request);
  return apiJson({ tenant: { id: ctx.tenant.id, name: ctx.tenant.name }, members: await listMembers(ctx.tenant.id) });
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  const ctx = await requireManagerApi(request);
  const parsed = AddMemberApiSchema.safeParse(await readJsonBody(request));
  if (!parsed.success) return validationError(parsed.error);
  try {
    const { member, newAccount } = await addMember(ctx, parsed.data);
    return apiJson({ member, newAccount }, { status: 201 });
  } catch (error) {
    return hostErrorToApi(error);
  }
}
