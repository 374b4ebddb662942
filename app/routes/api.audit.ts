import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { listAudit } from "~/audit/audit.server";
import { apiError, apiJson, methodNotAllowed } from "~/http/api.server";
import { requireManagerApi } from "~/tenancy/context.server";

/** GET /api/audit?before=ISO&limit=N: the tenant's audit log, newest first (owners and admins). */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireManagerApi(request);
  const params = new URL(request.url).searchParams;
  const beforeParam = params.get("before");
  const before = beforeParam ? new Date(beforeParam) : undefined;
  if (before && Number.isNaN(before.getTime())) {
    return apiError(400, "invalid_input", "'before' is not a valid date.", { fields: { before: ["Use an ISO date such as 2026-01-31T12:00:00Z."] } });
  }
  const limitParam = params.get("limit");
  const limit = limitParam === null ? 50 : Number(limitParam);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
    return apiError(400, "invalid_input", "'limit' must be a whole number from 1 to 200.", { fields: { limit: ["Use a whole number from 1 to 200."] } });
  }
  const rows = await listAudit(ctx.tenant.id, { take: limit + 1, before });
  const entries = rows.slice(0, limit);
  const last = entries.at(-1);
  return apiJson({ entries, nextBefore: rows.length > limit && last ? last.createdAt.toISOString() : null });
}

export async function action(_args: ActionFunctionArgs) {
  return methodNotAllowed(["GET"]);
}
