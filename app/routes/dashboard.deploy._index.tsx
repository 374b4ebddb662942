import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { deployState } from "~/deploy/config/deploy-config.server";
import { stepById } from "~/deploy/wizard/steps";
import { requireManagerPage } from "~/tenancy/context.server";
import { requireDeployWizardPage } from "~/deploy/wizard/availability.server";

/** /dashboard/deploy goes to the first step that needs attention (the LIVE step once all are done). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  requireDeployWizardPage();
  const ctx = await requireManagerPage(request, context);
  const state = await deployState(ctx.tenant.id, context);
  return redirect(stepById(state.progress.firstIncomplete ?? "live").path);
}

// A page route, not a resource route: a refusal (a member's 403) renders the styled error page with
// the header instead of the bare text of the thrown response. The loader always redirects.
export default function DeployIndex() {
  return null;
}
