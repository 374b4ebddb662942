import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { listRuns } from "~/deploy/checks/runs.server";
import { apiJson, methodNotAllowed, validationError } from "~/http/api.server";
import { requireManagerApi } from "~/tenancy/context.server";
import { requireDeployWizardApi } from "~/deploy/wizard/availability.server";

const QuerySchema = z.object({ kind: z.enum(["preflight", "verify"]).optional(), limit: z.coerce.number().int().min(1).max(100).optional() }).strict();

/** GET /api/deploy/runs?kind=preflight|verify&limit=N: newest first. */
export async function loader({ request }: LoaderFunctionArgs) {
  requireDeployWizardApi();
  const ctx = await requireManagerApi(request);
  const parsed = QuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return validationError(parsed.error);
  return apiJson({ runs: await listRuns(ctx.tenant.id, { kind: parsed.data.kind, take: parsed.data.limit }) });
}

export async function action(_args: ActionFunctionArgs) {
  requireDeployWizardApi();
  return methodNotAllowed(["GET"]);
}
