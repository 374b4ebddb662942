import type { AppLoadContext } from "@remix-run/node";
import { requireManagerPage, type PageContext } from "~/tenancy/context.server";
import type { RoleName } from "~/tenancy/roles";
import type { DeployBadgeData } from "./badge";
import { deployState, type DeployState } from "~/deploy/config/deploy-config.server";
import { pageErrorFrom } from "~/http/domain-error.server";
import { requireStep } from "./guard.server";
import { isProviderId, providerGuide } from "~/deploy/config/providers";
import { stepById, type WizardStepId } from "./steps";
import { requireDeployWizardPage } from "./availability.server";
import { deployBadgeWithHealth } from "~/deploy/monitor/badge.server";

/** What every wizard step page starts with: the platform only (404 on an instance), owner/admin only, the step guard, and its intro text. */
export async function loadWizardStep(
  request: Request,
  step: WizardStepId,
  context?: AppLoadContext,
): Promise<{ ctx: PageContext; state: DeployState; intro: StepIntroData }> {
  requireDeployWizardPage();
  const ctx = await requireManagerPage(request, context);
  const state = await deployState(ctx.tenant.id, context);
  try {
    requireStep(state.progress, step);
  } catch (error) {
    throw pageErrorFrom(error);
  }
  return { ctx, state, intro: stepIntro(state, step) };
}

export type StepIntroData = { letter: string; title: string; what: string; why: string; how: string[]; providerName: string | null };

export function stepIntro(state: DeployState, step: WizardStepId): StepIntroData {
  const meta = stepById(step);
  const guide = state.row.provider && isProviderId(state.row.provider) ? providerGuide(state.row.provider) : null;
  return { letter: meta.letter, title: meta.title, what: meta.what, why: meta.why, how: guide?.how[step] ?? [], providerName: guide?.name ?? null };
}

/** Unknown intents and malformed posts answer 400 rather than doing something unexpected. */
export function badIntent() {
  return new Response("That form action is not known.", { status: 400 });
}

/** The header badge of every dashboard page, from the same (shared) deploy-state read as the page. */
export async function deployBadge(context: AppLoadContext, tenantId: string, role: RoleName): Promise<DeployBadgeData> {
  // A LIVE workspace's badge also says what the scheduled checks found (app/deploy/monitor/).
  return deployBadgeWithHealth(tenantId, role, context);
}
