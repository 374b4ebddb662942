import type { AppLoadContext } from "@remix-run/node";
import { data } from "@remix-run/node";
import { z } from "zod";
import { DomainError } from "~/domain-error";
import { statusOf } from "~/http/domain-error.server";
import { requireManagerPage } from "~/tenancy/context.server";
import { requireDeployWizardPage } from "~/deploy/wizard/availability.server";
import { saveMonitorSettings } from "./settings.server";

const SettingsForm = z.object({
  intervalMinutes: z.coerce.number().int(),
  webhookUrl: z.string().max(500).optional().default(""),
  publicStatus: z.literal("on").optional(),
});

/** Step H's "Checks and alerts" form (owners and admins): the answer carries the new webhook secret once. */
export async function monitorSettingsAction(request: Request, context: AppLoadContext | undefined, form: FormData) {
  requireDeployWizardPage();
  const ctx = await requireManagerPage(request, context);
  const parsed = SettingsForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data({ monitor: { error: "Choose a number of minutes between 1 and 60.", field: "intervalMinutes" } }, { status: 400 });
  try {
    const saved = await saveMonitorSettings(ctx, {
      intervalMinutes: parsed.data.intervalMinutes,
      webhookUrl: parsed.data.webhookUrl || null,
      publicStatus: parsed.data.publicStatus === "on",
    });
    return data({ monitor: { saved: true, webhookSecret: saved.webhookSecret } }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return data({ monitor: { error: error.message, field: error.field } }, { status: statusOf(error) });
  }
}
