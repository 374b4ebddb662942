import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePageContext } from "~/tenancy/context.server";

/** Any other address under /dashboard: a 404 rendered inside the dashboard, with its header and a way back. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePageContext(request, { context });
  throw new Response("Not found", { status: 404 });
}

export default function DashboardNotFound() {
  return null;
}
