import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { listAudit } from "~/audit/audit.server";
import { apiError, apiJson, methodNotAllowed } from "~/http/api.server";
import { parseDateParam } from "~/http/params";
import { requireManagerApi } from "~/tenancy/context.server";

/** GET /api/audit?before=ISO&limit=N: the tenant's audit log, newest first (owners and admins). */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireManagerApi(request);
  const params = new URL(request.url).searchParams;
  const before = parseDateParam(params.get("before"));
  if (!before.ok) return apiError(400, "invalid_input", "'before' is not a valid date.", { fields: { before: [before.message] } });
  const limitParam = params.get("limit");
  const limit = limitParam === null ? 50 : Number(limitParam);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
    return apiError(400, "invalid_input", "'limit' must be a whole number from 1 to 200.", { fields: { limit: ["Use a whole number from 1 to 200."] } });
  }
  const rows = await listAudit(ctx.tenant.id, { take: limit + 1, before: before.date });
  const entries = rows.slice(0, limit);
  const last = entries.at(-1);
  return apiJson({ entries, nextBefore: rows.length > limit && last ? last.createdAt.toISOString() : null });
}

export async function action(_args: ActionFunctionArgs) {
  return methodNotAllowed(["GET"]);
}
