import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { deployState, identity, stats } from "../reads.server";

declare const __REFERENCE_PAGES__: { dashboard: string; wizard: string };

/** The dashboard: identity, then (at once) the deploy state for the header badge and the figures; the app's markup. */
export async function loader({ request }: LoaderFunctionArgs) {
  const who = await identity(request);
  const [deploy, figures] = await Promise.all([deployState(who.tenant.id), stats(who.tenant.id)]);
  return { ...who, deploy, stats: figures };
}

export default function ReferenceDashboard() {
  const { tenant } = useLoaderData<typeof loader>();
  return <div data-tenant={tenant.id} dangerouslySetInnerHTML={{ __html: __REFERENCE_PAGES__.dashboard }} />;
}
