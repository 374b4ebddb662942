import type { ActionFunctionArgs } from "@remix-run/node";
import { runChecks } from "~/deploy/checks/run-checks.server";
import { deployState } from "~/deploy/config/deploy-config.server";
import { deployPostAction, deployPostOnly } from "~/deploy/wizard/availability.server";
import { apiJson } from "~/http/api.server";

export const loader = deployPostOnly;

/** POST /api/deploy/verify: calls the live URL, stores and audits the run, returns it. */
export async function action({ request }: ActionFunctionArgs) {
  return deployPostAction(request, async (ctx) => apiJson({ run: await runChecks(ctx, "verify", await deployState(ctx.tenant.id)) }));
}
