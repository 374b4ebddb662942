import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { saveAndTestDatabase } from "~/deploy/checks/database-on-save.server";
import { deployState, saveAppUrl, saveProvider } from "~/deploy/config/deploy-config.server";
import { appUrlSchema, databaseUrlSchema } from "~/deploy/config/inputs.server";
import { OPTIONAL_KEYS, OptionalKeysSchema } from "~/deploy/config/optional-keys";
import { saveOptionalKeys } from "~/deploy/config/optional-keys.server";
import { envBundle, presentDeployState } from "~/deploy/wizard/present.server";
import { PROVIDERS } from "~/deploy/config/providers";
import { requireStep } from "~/deploy/wizard/guard.server";
import { apiError, apiJson, methodNotAllowed, readJsonBody, validationError } from "~/http/api.server";
import { apiErrorFrom } from "~/http/domain-error.server";
import { requireManagerApi } from "~/tenancy/context.server";
import { requireDeployWizardApi } from "~/deploy/wizard/availability.server";

/** GET /api/deploy/config: the masked configuration, progress, badge and env bundle (no secret values). */
export async function loader({ request }: LoaderFunctionArgs) {
  requireDeployWizardApi();
  const ctx = await requireManagerApi(request);
  const state = await deployState(ctx.tenant.id);
  return apiJson({ deploy: presentDeployState(state), bundle: envBundle(state) });
}

const KNOWN_OPTIONAL_FIELDS = new Set<string>([...OPTIONAL_KEYS, "remove"]);

/** A misspelt key name would otherwise be dropped and the request answered 200 as if it were saved. */
function refuseUnknownKeys(value: Record<string, unknown>, ctx: z.RefinementCtx) {
  for (const key of Object.keys(value)) {
    if (!KNOWN_OPTIONAL_FIELDS.has(key))
      ctx.addIssue({ code: "custom", path: [key], message: `Not an optional key: use ${OPTIONAL_KEYS.join(", ")} or remove.` });
  }
}

const PutSchema = z
  .object({
    provider: z.enum(PROVIDERS).optional(),
    appUrl: z.string().optional(),
    databaseUrl: z.string().optional(),
    /** With databaseUrl: only the host reaches it, so it is not tested from here (verification checks it from inside). */
    databasePrivate: z.boolean().optional(),
    optionalKeys: OptionalKeysSchema.passthrough().superRefine(refuseUnknownKeys).optional(),
  })
  .strict();

/** PUT /api/deploy/config: any of provider, appUrl, databaseUrl, optionalKeys. Everything is
 * validated before anything is written, so a bad field leaves the stored configuration as it was. */
export async function action({ request }: ActionFunctionArgs) {
  requireDeployWizardApi();
  if (request.method !== "PUT") return methodNotAllowed(["GET", "PUT"]);
  const ctx = await requireManagerApi(request);
  const parsed = PutSchema.safeParse(await readJsonBody(request));
  if (!parsed.success) return validationError(parsed.error);
  const body = parsed.data;
  const state = await deployState(ctx.tenant.id);
  const provider = body.provider ?? state.row.provider;

  const appUrl = body.appUrl === undefined ? undefined : appUrlSchema(provider).safeParse({ appUrl: body.appUrl });
  const databaseUrl = body.databaseUrl === undefined ? undefined : databaseUrlSchema.safeParse({ databaseUrl: body.databaseUrl });
  const fields: Record<string, string[]> = {};
  if (appUrl && !appUrl.success) fields.appUrl = appUrl.error.issues.map((issue) => issue.message);
  if (databaseUrl && !databaseUrl.success) fields.databaseUrl = databaseUrl.error.issues.map((issue) => issue.message);
  if (body.databasePrivate !== undefined && body.databaseUrl === undefined)
    fields.databasePrivate = ["Send databasePrivate with the databaseUrl it describes."];
  if (Object.keys(fields).length) return apiError(400, "invalid_input", "Some fields are not valid.", { fields });

  // The wizard's own step order, counting what this request saves first (a provider and a URL in one body is fine).
  const done = { ...state.progress.done, provider: state.progress.done.provider || Boolean(body.provider), url: state.progress.done.url || Boolean(appUrl) };
  try {
    if (appUrl) requireStep({ done }, "url");
    if (databaseUrl) requireStep({ done }, "database");
    if (body.optionalKeys) requireStep({ done }, "keys");
  } catch (error) {
    return apiErrorFrom(error);
  }

  const warnings: string[] = [];
  if (body.provider) await saveProvider(ctx, body.provider);
  if (appUrl?.success) {
    warnings.push(...appUrl.data.warnings);
    await saveAppUrl(ctx, appUrl.data.appUrl);
  }
  // Saved, then tested (the test's failure is an answer, not a refusal): the same as step C's page.
  const databaseTest = databaseUrl?.success ? await saveAndTestDatabase(ctx, databaseUrl.data, { privateOnly: body.databasePrivate ?? false }) : undefined;
  if (body.optionalKeys) await saveOptionalKeys(ctx, body.optionalKeys);
  const next = await deployState(ctx.tenant.id);
  return apiJson({ deploy: presentDeployState(next), warnings, bundle: envBundle(next), ...(databaseTest ? { databaseTest } : {}) });
}
