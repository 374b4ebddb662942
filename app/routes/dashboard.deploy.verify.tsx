import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { RunResult } from "~/components/deploy/run-result";
import { StepIntro } from "~/components/deploy/step-intro";
import { badIntent, loadWizardStep } from "~/deploy/wizard/page.server";
import { verifyWithProgress } from "~/deploy/checks/run-checks.server";
import { verifyProgress } from "~/deploy/monitor/progress.server";
import { VerifyProgress } from "~/components/live/verify-progress";
import { orPageError } from "~/http/domain-error.server";
import { readFormData } from "~/http/form.server";
import { keepClientHeaders } from "~/http/headers";

// A spent rate limit throws a 429; its Retry-After must reach the client (data requests read it from here).
export const headers: HeadersFunction = ({ errorHeaders }) => keepClientHeaders(errorHeaders);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx, state, intro } = await loadWizardStep(request, "verify", context);
  // A run still waking the app (Stay LIVE: wake, then verify): the page shows its progress.
  const progress = await verifyProgress(ctx.tenant.id);
  return { intro, appUrl: state.row.appUrl, run: state.latest.verify, stale: state.progress.stale.verify, progress };
}

export async function action({ request }: ActionFunctionArgs) {
  const { ctx, state } = await loadWizardStep(request, "verify");
  if ((await readFormData(request)).get("intent") !== "verify") throw badIntent();
  // Waits for the run up to a few seconds; a sleeping app's wake-up continues after the page answered.
  await orPageError(verifyWithProgress(ctx, state));
  return redirect("/dashboard/deploy/verify#result");
}

export default function VerifyStep() {
  const { intro, appUrl, run, stale, progress } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const running = (navigation.state !== "idle" && navigation.formMethod === "POST") || progress !== null;
  return (
    <section>
      <StepIntro {...intro} />
      <p className="mt-3 text-sm">
        Calls <code className="break-all">{appUrl}</code>: <code>/health</code>, <code>/ready</code>, <code>/api/dashboard/stats</code> with a token signed by
        your JWT_SECRET, and checks the certificate.
      </p>
      <Form method="post" className="mt-4">
        <input type="hidden" name="intent" value="verify" />
        <button className="btn w-full sm:w-auto" type="submit" disabled={running}>
          {running ? "Calling your app…" : run ? "Verify again" : "Verify live URL"}
        </button>
      </Form>
      {progress ? <VerifyProgress since={progress.since} attempt={progress.attempt} /> : null}
      <RunResult
        run={run}
        stale={stale}
        testId="verify-summary"
        words={{
          stale: "The configuration changed since this verification: verify again.",
          passed: "Verified: your app is deployed with these settings.",
          failed: "Verification failed: see what each call reported below.",
          none: "Deploy your app with the environment from the pre-flight step, then verify.",
        }}
        next={{ to: "/dashboard/deploy/live", label: "Continue to Go LIVE" }}
      />
    </section>
  );
}
