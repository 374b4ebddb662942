import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { setActiveTenant } from "~/auth/session.server";
import { requirePageContext } from "~/tenancy/context.server";
import { readFormData } from "~/http/form.server";
import { getEnv } from "~/env.server";

/** A workspace's own instance serves one workspace: there is nothing to switch to. */
function requirePlatform() {
  if (getEnv().mode === "instance") throw new Response("There is one workspace on this instance.", { status: 404 });
}

export async function action({ request }: ActionFunctionArgs) {
  requirePlatform();
  const ctx = await requirePageContext(request);
  const tenantId = String((await readFormData(request)).get("tenantId") ?? "");
  // Only a workspace the person belongs to can be chosen; anything else is "not found".
  if (!ctx.memberships.some((m) => m.tenantId === tenantId)) throw new Response("No such workspace.", { status: 404 });
  await setActiveTenant(ctx.sessionId!, tenantId);
  return redirect("/dashboard");
}

export async function loader() {
  requirePlatform();
  return redirect("/dashboard");
}
