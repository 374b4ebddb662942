import type { ActionFunctionArgs } from "@remix-run/node";
import { RATE_LIMITS } from "~/auth/rate-limit.server";
import { deployState } from "~/deploy/config/deploy-config.server";
import { SecretsApiSchema } from "~/deploy/config/inputs.server";
import { storeDeploySecrets } from "~/deploy/secrets/secrets.server";
import { deployPostAction, deployPostOnly } from "~/deploy/wizard/availability.server";
import { enforceRateLimit, requireStep } from "~/deploy/wizard/guard.server";
import { presentStoredSecrets } from "~/deploy/wizard/present.server";
import { apiJson, readJsonBody, validationError } from "~/http/api.server";

export const loader = deployPostOnly;

/**
 * POST /api/env/generate: step D. `{}` generates the secrets; `{"secrets": {JWT_SECRET,
 * ENCRYPTION_KEY, SESSION_SECRET}}` stores the owner's own (checked as the app reads them).
 * Replacing existing ones needs `"confirmRotation": true`. The only response that carries the values.
 */

export async function action({ request }: ActionFunctionArgs) {
  return deployPostAction(request, async (ctx) => {
    const parsed = SecretsApiSchema.safeParse(await readJsonBody(request));
    if (!parsed.success) return validationError(parsed.error);
    requireStep((await deployState(ctx.tenant.id)).progress, "secrets");
    await enforceRateLimit(ctx, RATE_LIMITS.generateSecrets);
    const stored = await storeDeploySecrets(ctx, { confirmRotation: parsed.data.confirmRotation ?? false, provided: parsed.data.secrets });
    const shown = presentStoredSecrets(await deployState(ctx.tenant.id), stored);
    return apiJson(
      {
        warning: "Save these values now: they are shown only in this response. Go-Live keeps the JWT secret encrypted and only fingerprints of the others.",
        source: parsed.data.secrets ? "provided" : "generated",
        rotated: shown.rotated,
        secrets: Object.fromEntries(shown.secrets.map(({ name, ...secret }) => [name, secret])),
        bundle: shown.bundle,
      },
      { status: 201 },
    );
  });
}
