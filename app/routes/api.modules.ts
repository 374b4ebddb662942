import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { apiJson, methodNotAllowed, readJsonBody, validationError } from "~/http/api.server";
import { apiErrorFrom } from "~/http/domain-error.server";
import { MODULES } from "~/workspace/module-catalogue";
import { listModules, setModules } from "~/workspace/modules.server";
import { requireApiContext, requireManagerApi } from "~/tenancy/context.server";

/** PATCH body: `{ "modules": { "ai": true, "email": false, … } }`. */
const PatchModulesSchema = z
  .object({
    modules: z
      .record(z.string(), z.boolean())
      .refine((modules) => Object.keys(modules).length > 0, "Name at least one module.")
      .superRefine((modules, ctx) => {
        for (const name of Object.keys(modules))
          if (!(MODULES as readonly string[]).includes(name))
            ctx.addIssue({ code: "custom", message: `There is no module "${name.slice(0, 40)}". Use one of: ${MODULES.join(", ")}.` });
      }),
  })
  .strict();

async function modules(tenantId: string) {
  return {
    modules: (await listModules(tenantId)).map((module) => ({
      name: module.name,
      title: module.title,
      envVars: module.envVars,
      enabled: module.enabled,
      updatedAt: module.updatedAt,
    })),
  };
}

/** GET /api/modules: the optional modules and which are on (any member). PATCH {modules}: turn them on or off (owners and admins). */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireApiContext(request);
  return apiJson(await modules(ctx.tenant.id));
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "PATCH") return methodNotAllowed(["GET", "PATCH"]);
  const ctx = await requireManagerApi(request);
  const parsed = PatchModulesSchema.safeParse(await readJsonBody(request));
  if (!parsed.success) return validationError(parsed.error);
  try {
    const { changed } = await setModules(ctx, parsed.data.modules);
    return apiJson({ ...(await modules(ctx.tenant.id)), changed });
  } catch (error) {
    return apiErrorFrom(error);
  }
}
