import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { apiJson, methodNotAllowed, readJsonBody, validationError } from "~/http/api.server";
import { apiErrorFrom } from "~/http/domain-error.server";
import { SETUP_KEYS } from "~/workspace/setup-catalogue";
import { listSetupItems, setSetupItems } from "~/workspace/setup.server";
import { requireApiContext, requireManagerApi } from "~/tenancy/context.server";

/** PATCH body: `{ "items": { "<key>": true | false, … } }`, keys from the checklist. */
const PatchSetupSchema = z
  .object({
    items: z
      .record(z.string(), z.boolean())
      .refine((items) => Object.keys(items).length > 0, "Name at least one item.")
      .superRefine((items, ctx) => {
        for (const key of Object.keys(items))
          if (!SETUP_KEYS.includes(key))
            ctx.addIssue({ code: "custom", message: `There is no setup item "${key.slice(0, 40)}". Use one of: ${SETUP_KEYS.join(", ")}.` });
      }),
  })
  .strict();

async function checklist(tenantId: string) {
  const items = await listSetupItems(tenantId);
  return {
    items: items.map((item) => ({
      key: item.key,
      title: item.title,
      required: item.required,
      done: item.done,
      completedAt: item.completedAt,
      completedByName: item.completedByName,
    })),
    done: items.filter((item) => item.done).length,
    total: items.length,
    requiredRemaining: items.filter((item) => item.required && !item.done).length,
  };
}

/** GET /api/setup: the workspace's setup checklist (any member). PATCH {items}: tick or untick items (owners and admins). */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireApiContext(request);
  return apiJson(await checklist(ctx.tenant.id));
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "PATCH") return methodNotAllowed(["GET", "PATCH"]);
  const ctx = await requireManagerApi(request);
  const parsed = PatchSetupSchema.safeParse(await readJsonBody(request));
  if (!parsed.success) return validationError(parsed.error);
  try {
    const { changed } = await setSetupItems(ctx, parsed.data.items);
    return apiJson({ ...(await checklist(ctx.tenant.id)), changed });
  } catch (error) {
    return apiErrorFrom(error);
  }
}
