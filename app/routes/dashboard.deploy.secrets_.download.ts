import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { revealEnvFile } from "~/deploy/secrets/reveal.server";
import { deployPostAction, deployPostOnly } from "~/deploy/wizard/availability.server";

/**
 * POST /dashboard/deploy/secrets/download: step D's one-time view as a `.env` file, for the owner
 * or admin whose browser session generated the values, while the view is open (minutes). A plain
 * form post, so it works without JavaScript and no value is ever in a URL. Nothing to download
 * (shown and expired, closed, another session): back to the view, which says so.
 */
export const loader = deployPostOnly;

export async function action({ request }: ActionFunctionArgs) {
  return deployPostAction(request, async (ctx) => {
    const file = await revealEnvFile(ctx);
    if (!file) return redirect("/dashboard/deploy/secrets/once", { status: 303 });
    return new Response(file.text, {
      headers: {
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Disposition": `attachment; filename="${file.filename}"`,
        "Cache-Control": "no-store",
      },
    });
  });
}
