import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { deployState, identity } from "../reads.server";

declare const __REFERENCE_PAGES__: { dashboard: string; wizard: string };

/** Wizard step A: identity, then the deploy state (configuration, modules, latest runs); the app's markup. */
export async function loader({ request }: LoaderFunctionArgs) {
  const who = await identity(request);
  if (who.role !== "OWNER" && who.role !== "ADMIN") throw new Response("forbidden", { status: 403 });
  return { ...who, deploy: await deployState(who.tenant.id) };
}

export default function ReferenceWizardStep() {
  const { deploy } = useLoaderData<typeof loader>();
  return <div data-provider={deploy.provider ?? ""} dangerouslySetInnerHTML={{ __html: __REFERENCE_PAGES__.wizard }} />;
}
