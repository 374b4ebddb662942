import type { ActionFunctionArgs } from "@remix-run/node";
import { deployState } from "~/deploy/config/deploy-config.server";
import { runChecks } from "~/deploy/checks/run-checks.server";
import { apiJson, methodNotAllowed } from "~/http/api.server";
import { apiErrorFrom } from "~/http/domain-error.server";
import { requireManagerApi } from "~/tenancy/context.server";
import { requireDeployWizardApi } from "~/deploy/wizard/availability.server";

export async function loader() {
  requireDeployWizardApi();
  return methodNotAllowed(["POST"]);
}

/** POST /api/deploy/verify: calls the live URL, stores and audits the run, returns it. */
export async function action({ request }: ActionFunctionArgs) {
  requireDeployWizardApi();
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const ctx = await requireManagerApi(request);
  try {
    return apiJson({ run: await runChecks(ctx, "verify", await deployState(ctx.tenant.id)) });
  } catch (error) {
    return apiErrorFrom(error);
  }
}
