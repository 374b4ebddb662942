import type { LoaderFunctionArgs } from "@remix-run/node";
import { identity, stats } from "../reads.server";

/** GET /api/dashboard/stats for a session: identity, then the figures, as JSON. */
export async function loader({ request }: LoaderFunctionArgs) {
  const who = await identity(request);
  const body = { scope: "tenant", tenant: { id: who.tenant.id, name: who.tenant.name }, stats: await stats(who.tenant.id) };
  return new Response(JSON.stringify(body), { headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" } });
}
