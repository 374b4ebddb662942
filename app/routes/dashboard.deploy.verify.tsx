import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { CheckList } from "~/components/deploy/check-list";
import { StepIntro } from "~/components/deploy/step-intro";
import { RATE_LIMITS } from "~/auth/rate-limit.server";
import { enforceRateLimit } from "~/deploy/guard.server";
import { badIntent, loadWizardStep } from "~/deploy/page.server";
import { runVerification } from "~/deploy/verify.server";
import { readFormData } from "~/http/form.server";
import { keepClientHeaders } from "~/http/headers";

// A spent rate limit throws a 429; its Retry-After must reach the client (data requests read it from here).
export const headers: HeadersFunction = ({ errorHeaders }) => keepClientHeaders(errorHeaders);

export async function loader({ request }: LoaderFunctionArgs) {
  const { state, intro } = await loadWizardStep(request, "verify");
  return { intro, appUrl: state.row.appUrl, run: state.latest.verify, stale: state.progress.stale.verify };
}

export async function action({ request }: ActionFunctionArgs) {
  const { ctx, state } = await loadWizardStep(request, "verify");
  if ((await readFormData(request)).get("intent") !== "verify") throw badIntent();
  await enforceRateLimit(ctx, RATE_LIMITS.verify, "page");
  await runVerification(ctx, { state });
  return redirect("/dashboard/deploy/verify#result");
}

export default function VerifyStep() {
  const { intro, appUrl, run, stale } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const running = navigation.state !== "idle" && navigation.formMethod === "POST";
  return (
    <section>
      <StepIntro {...intro} />
      <p className="mt-3 text-sm">
        Calls <code className="break-all">{appUrl}</code>: <code>/health</code>, <code>/ready</code>, <code>/api/dashboard/stats</code> with a token signed by your JWT_SECRET, and checks the certificate.
      </p>
      <Form method="post" className="mt-4">
        <input type="hidden" name="intent" value="verify" />
        <button className="btn w-full sm:w-auto" type="submit" disabled={running}>{running ? "Calling your app…" : run ? "Verify again" : "Verify live URL"}</button>
      </Form>
      <div id="result" className="mt-4" aria-live="polite">
        {run ? (
          <>
            <p className={`notice ${stale ? "notice-warn" : run.status === "passed" ? "notice-ok" : "notice-error"}`} data-testid="verify-summary" data-status={run.status} data-stale={stale}>
              {stale
                ? "The configuration changed since this verification: verify again."
                : run.status === "passed"
                  ? "Verified: your app is deployed with these settings."
                  : "Verification failed: see what each call reported below."}{" "}
              <span className="text-xs">({new Date(run.finishedAt).toUTCString()})</span>
            </p>
            <CheckList checks={run.checks} />
            {run.status === "passed" && !stale ? (
              <p className="mt-4"><Link className="btn" to="/dashboard/deploy/live">Continue to Go LIVE</Link></p>
            ) : null}
          </>
        ) : (
          <p className="text-sm text-slate-600">Deploy your app with the environment from the pre-flight step, then verify.</p>
        )}
      </div>
    </section>
  );
}
