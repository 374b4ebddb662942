import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiJson, methodNotAllowed } from "~/http/api.server";
import { listWorkspacesOf } from "~/workspace/team.server";
import { requireApiContext } from "~/tenancy/context.server";

/**
 * GET /api/workspaces: the workspaces the caller acts in, and which one is active. A session lists
 * every workspace of the person (switch with a form post to /dashboard/switch-tenant, tenantId=…);
 * an API token acts in the one it was created in, so it lists that one alone.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireApiContext(request);
  const workspaces = ctx.via === "token" ? [{ id: ctx.tenant.id, name: ctx.tenant.name, role: ctx.role }] : await listWorkspacesOf(ctx.user.id);
  return apiJson({ active: ctx.tenant.id, workspaces });
}

export async function action(_args: ActionFunctionArgs) {
  return methodNotAllowed(["GET"]);
}
