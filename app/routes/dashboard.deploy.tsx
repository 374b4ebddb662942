import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Outlet, useLoaderData, useMatches } from "@remix-run/react";
import { WizardProgress } from "~/components/deploy/progress";
import { deployState } from "~/deploy/config/deploy-config.server";
import { presentDeployState } from "~/deploy/wizard/present.server";
import { WIZARD_STEPS } from "~/deploy/wizard/steps";
import { requireManagerPage } from "~/tenancy/context.server";
import { requireDeployWizardPage } from "~/deploy/wizard/availability.server";

// Each step's tab title names the step; the step routes have no meta of their own, so this one applies.
export const meta: MetaFunction = ({ location }) => {
  const step = WIZARD_STEPS.find((candidate) => location.pathname.startsWith(candidate.path));
  return [{ title: step ? `${step.title} · Step ${step.letter} of ${WIZARD_STEPS.length} · Go-Live` : "Deploy · Go-Live" }];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Every wizard page renders inside this layout: on a workspace's own instance they all answer 404.
  requireDeployWizardPage();
  const ctx = await requireManagerPage(request, context);
  const deploy = presentDeployState(await deployState(ctx.tenant.id, context));
  return { steps: deploy.steps, provider: deploy.provider };
}

export default function DeployLayout() {
  const { steps } = useLoaderData<typeof loader>();
  const matches = useMatches();
  const currentPath = matches[matches.length - 1]?.pathname ?? "";
  const current = WIZARD_STEPS.find((step) => currentPath.startsWith(step.path))?.id ?? null;
  return (
    <div>
      <WizardProgress steps={steps} current={current} />
      <div className="mt-2">
        <Outlet />
      </div>
    </div>
  );
}
