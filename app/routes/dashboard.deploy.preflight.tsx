import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { RunResult } from "~/components/deploy/run-result";
import { EnvBundleView } from "~/components/deploy/env-bundle-view";
import { StepIntro } from "~/components/deploy/step-intro";
import { badIntent, loadWizardStep } from "~/deploy/wizard/page.server";
import { runChecks } from "~/deploy/checks/run-checks.server";
import { envBundle } from "~/deploy/wizard/present.server";
import { orPageError } from "~/http/domain-error.server";
import { readFormData } from "~/http/form.server";
import { keepClientHeaders } from "~/http/headers";

// A spent rate limit throws a 429; its Retry-After must reach the client (data requests read it from here).
export const headers: HeadersFunction = ({ errorHeaders }) => keepClientHeaders(errorHeaders);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { state, intro } = await loadWizardStep(request, "preflight", context);
  return { intro, run: state.latest.preflight, stale: state.progress.stale.preflight, bundle: envBundle(state) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { ctx, state } = await loadWizardStep(request, "preflight");
  if ((await readFormData(request)).get("intent") !== "run") throw badIntent();
  await orPageError(runChecks(ctx, "preflight", state));
  return redirect("/dashboard/deploy/preflight#result");
}

export default function PreflightStep() {
  const { intro, run, stale, bundle } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const running = navigation.state !== "idle" && navigation.formMethod === "POST";
  return (
    <section>
      <StepIntro {...intro} />
      {bundle ? (
        <details className="mt-3">
          <summary className="cursor-pointer text-sm font-medium text-indigo-800">Environment to set on your host</summary>
          <EnvBundleView bundle={bundle} withValues={false} />
        </details>
      ) : null}
      <Form method="post" className="mt-4">
        <input type="hidden" name="intent" value="run" />
        <button className="btn w-full sm:w-auto" type="submit" disabled={running}>
          {running ? "Running checks…" : run ? "Run pre-flight again" : "Run pre-flight"}
        </button>
      </Form>
      <RunResult
        run={run}
        stale={stale}
        testId="preflight-summary"
        words={{
          stale: "The configuration changed since this run: run pre-flight again.",
          passed: "Pre-flight passed. Deploy with the environment above, then verify.",
          failed: "Pre-flight failed: fix what is marked FAIL, then run it again.",
          none: "No pre-flight has run yet.",
        }}
        next={{ to: "/dashboard/deploy/verify", label: "Continue to verify" }}
      />
    </section>
  );
}
