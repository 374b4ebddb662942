import type { ActionFunctionArgs } from "@remix-run/node";
import { deployState } from "~/deploy/config/deploy-config.server";
import { deployPostAction, deployPostOnly } from "~/deploy/wizard/availability.server";
import { claimLinkAnswer } from "~/deploy/wizard/claim.server";
import { goLive } from "~/deploy/wizard/live.server";
import { presentDeployState } from "~/deploy/wizard/present.server";
import { apiJson } from "~/http/api.server";

export const loader = deployPostOnly;

/**
 * POST /api/deploy/live: 409 with a fix unless pre-flight and verification passed for this
 * configuration. An owner's answer carries `claim`: the one-time link to set their password on the
 * instance (`{ link, expiresAt }`, in this answer only), or `{ error }` saying why there is none.
 */
export async function action({ request }: ActionFunctionArgs) {
  return deployPostAction(request, async (ctx) => {
    const result = await goLive(ctx);
    const state = await deployState(ctx.tenant.id);
    const claim = ctx.role === "OWNER" ? { claim: await claimLinkAnswer(ctx, state) } : {};
    return apiJson({ alreadyLive: result.alreadyLive, liveAt: result.liveAt.toISOString(), deploy: presentDeployState(state), ...claim });
  });
}
