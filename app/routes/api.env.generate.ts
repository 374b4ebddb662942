import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { RATE_LIMITS } from "~/auth/rate-limit.server";
import { deployState } from "~/deploy/config/deploy-config.server";
import { enforceRateLimit, requireStepApi } from "~/deploy/wizard/guard.server";
import { envBundle } from "~/deploy/wizard/present.server";
import { describeSecret, GENERATED_SECRETS, SECRET_DESCRIPTIONS, storeDeploySecrets } from "~/deploy/secrets/secrets.server";
import { apiError, apiJson, methodNotAllowed, readJsonBody, validationError } from "~/http/api.server";
import { requireManagerApi } from "~/tenancy/context.server";

const GenerateSchema = z.object({ confirmRotation: z.boolean().optional() }).strict();

export async function loader() {
  return methodNotAllowed(["POST"]);
}

/** POST /api/env/generate: the only response that ever carries the generated values. */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(["POST"]);
  const ctx = await requireManagerApi(request);
  const parsed = GenerateSchema.safeParse(await readJsonBody(request));
  if (!parsed.success) return validationError(parsed.error);
  await requireStepApi(ctx, "secrets");
  await enforceRateLimit(ctx, RATE_LIMITS.generateSecrets, "api");
  const result = await storeDeploySecrets(ctx, { confirmRotation: parsed.data.confirmRotation ?? false });
  if (!result.ok) {
    return apiError(409, result.code, result.message, { fix: { text: 'Send {"confirmRotation": true} to replace the secrets.', href: "/dashboard/deploy/secrets" } });
  }
  const bundle = envBundle(await deployState(ctx.tenant.id), result.secrets, { rotated: result.rotated });
  return apiJson(
    {
      warning: "Save these values now: they are shown only in this response. Go-Live keeps the JWT secret encrypted and only fingerprints of the others.",
      rotated: result.rotated,
      secrets: Object.fromEntries(
        GENERATED_SECRETS.map((name) => [name, { value: result.secrets[name], ...describeSecret(result.secrets[name]), purpose: SECRET_DESCRIPTIONS[name] }]),
      ),
      bundle,
    },
    { status: 201 },
  );
}
