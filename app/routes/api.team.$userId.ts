import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiJson, methodNotAllowed, readJsonBody, validationError } from "~/http/api.server";
import { apiErrorFrom } from "~/http/domain-error.server";
import { ChangeRoleApiSchema } from "~/workspace/schemas";
import { changeRole, getMember } from "~/workspace/team.server";
import { requireApiContext, requireManagerApi } from "~/tenancy/context.server";

/** GET /api/team/:userId: one member (any member). PATCH {role}: change the role (owners and admins). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireApiContext(request);
  try {
    return apiJson({ member: await getMember(ctx.tenant.id, params.userId ?? "") });
  } catch (error) {
    return apiErrorFrom(error);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "PATCH") return methodNotAllowed(["GET", "PATCH"]);
  const ctx = await requireManagerApi(request);
  const parsed = ChangeRoleApiSchema.safeParse(await readJsonBody(request));
  if (!parsed.success) return validationError(parsed.error);
  try {
    const { member, changed } = await changeRole(ctx, params.userId ?? "", parsed.data.role);
    return apiJson({ member, changed });
  } catch (error) {
    return apiErrorFrom(error);
  }
}
