import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { SecretsOnce, SecretsGone } from "~/components/deploy/secrets-once";
import { closeReveal, takeReveal } from "~/deploy/secrets/reveal.server";
import { badIntent, loadWizardStep } from "~/deploy/wizard/page.server";
import { stepAfterSecrets } from "~/deploy/wizard/present.server";
import { readFormData } from "~/http/form.server";

/**
 * Step D's one-time view, the page the secrets form redirects to. The first visit shows the values
 * (and offers them as a `.env` download); a refresh, Back or another tab says "already shown".
 * Never stored by a browser or a proxy.
 */
const NO_STORE = { "Cache-Control": "no-store" };

export const headers: HeadersFunction = () => NO_STORE;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx, state } = await loadWizardStep(request, "secrets", context);
  return data({ view: await takeReveal(ctx), live: state.row.status === "live", next: stepAfterSecrets(state) }, { headers: NO_STORE });
}

export async function action({ request }: ActionFunctionArgs) {
  const { ctx, state } = await loadWizardStep(request, "secrets");
  const formData = await readFormData(request);
  if (formData.get("intent") !== "saved") return badIntent();
  await closeReveal(ctx);
  return redirect(stepAfterSecrets(state).path, { status: 303, headers: NO_STORE });
}

export default function SecretsOnceStep() {
  const { view, live, next } = useLoaderData<typeof loader>();
  if (view.state !== "fresh") return <SecretsGone alreadyShown={view.state === "already-shown"} live={live} next={next} />;
  return (
    <SecretsOnce view={view}>
      <Form method="post" className="mt-4" replace>
        <input type="hidden" name="intent" value="saved" />
        <button className="btn w-full sm:w-auto" type="submit">
          I saved them: continue
        </button>
      </Form>
    </SecretsOnce>
  );
}
