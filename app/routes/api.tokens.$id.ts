import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiJson, methodNotAllowed } from "~/http/api.server";
import { apiErrorFrom } from "~/http/domain-error.server";
import { getToken, revokeToken } from "~/workspace/tokens.server";
import { requireApiContext } from "~/tenancy/context.server";

/** GET /api/tokens/:id: one of the caller's own tokens. DELETE: revoke it. Anyone else's id answers 404. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireApiContext(request);
  try {
    return apiJson({ token: await getToken(ctx, params.id ?? "") });
  } catch (error) {
    return apiErrorFrom(error);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "DELETE") return methodNotAllowed(["GET", "DELETE"]);
  const ctx = await requireApiContext(request);
  try {
    const { row, changed } = await revokeToken(ctx, params.id ?? "");
    return apiJson({ token: row, changed });
  } catch (error) {
    return apiErrorFrom(error);
  }
}
