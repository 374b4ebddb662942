import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { StepIntro } from "~/components/deploy/step-intro";
import { goLive } from "~/deploy/wizard/live.server";
import { badIntent, loadWizardStep, stepIntro } from "~/deploy/wizard/page.server";
import { deployState } from "~/deploy/config/deploy-config.server";
import { requireManagerPage } from "~/tenancy/context.server";
import { DomainError } from "~/domain-error";
import { statusOf } from "~/http/domain-error.server";
import { readFormData } from "~/http/form.server";
import { ShownOnce } from "~/components/shown-once";
import { When } from "~/components/when";
import { LiveNextSteps } from "~/components/deploy/live-next-steps";
import { claimLinkAnswer } from "~/deploy/wizard/claim.server";
import { liveOverview } from "~/deploy/monitor/overview.server";
import { monitorSettingsAction } from "~/deploy/monitor/settings-form.server";
import { LiveHealthPanel, LiveNotifications, LiveSettingsForm, type LiveSettingsAnswer } from "~/components/live/live-health";

// The page may carry the owner's claim link (shown once): never stored by a browser or a proxy.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

// The LIVE step is always viewable, so a person sees why the button is disabled; the guard
// applies to the action, and goLive itself refuses unless both checks passed for this revision.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireManagerPage(request, context);
  const state = await deployState(ctx.tenant.id, context);
  return {
    intro: stepIntro(state, "live"),
    status: state.row.status,
    liveAt: state.row.liveAt?.toISOString() ?? null,
    appUrl: state.row.appUrl,
    ready: state.progress.done.preflight && state.progress.done.verify,
    preflightOk: state.progress.done.preflight,
    verifyOk: state.progress.done.verify,
    isOwner: ctx.role === "OWNER",
    live: await liveOverview(ctx.tenant.id, ctx.role, context),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readFormData(request);
  // Stay LIVE's settings (app/deploy/monitor/): allowed whatever the checks say.
  if (form.get("intent") === "monitor-settings") return monitorSettingsAction(request, context, form);
  const { ctx, state } = await loadWizardStep(request, "live");
  const intent = form.get("intent");
  if (intent === "claim-link") {
    // A new claim link (the earlier one stops working), shown once in this answer.
    return data({ claim: await claimLinkAnswer(ctx, state) }, { headers: { "Cache-Control": "no-store" } });
  }
  if (intent !== "go-live") throw badIntent();
  try {
    await goLive(ctx);
  } catch (error) {
    // Shown beside the button, with the link to the check that must pass first.
    if (!(error instanceof DomainError)) throw error;
    return data({ error: error.message, fix: error.fix }, { status: statusOf(error) });
  }
  // The owner's claim link to their instance comes with the answer that made them LIVE, once.
  if (ctx.role === "OWNER") return data({ claim: await claimLinkAnswer(ctx, state) }, { headers: { "Cache-Control": "no-store" } });
  return redirect("/dashboard/deploy/live");
}

type ClaimAnswer = { link: string; expiresAt: string | null } | { error: { message: string; fix?: { text: string; href?: string } } };

/** The claim link, shown once: selectable text (JavaScript off) and a copy button (JavaScript on). */
function ClaimLink({ claim }: { claim: ClaimAnswer }) {
  if ("error" in claim) {
    return (
      <p className="notice notice-error mt-3" role="alert" data-testid="claim-error">
        {claim.error.message} {claim.error.fix?.href ? <Link to={claim.error.fix.href}>{claim.error.fix.text}</Link> : claim.error.fix?.text}
      </p>
    );
  }
  return (
    <ShownOnce id="claim-link" label="Claim link" value={claim.link} heading="Your claim link to your instance, shown once">
      <p className="mt-2 text-sm">
        Open it to set your password on your instance and sign in there as its owner. It works once, until{" "}
        {claim.expiresAt ? <When value={claim.expiresAt} /> : "it expires"}.
      </p>
    </ShownOnce>
  );
}

function NewClaimLinkForm() {
  return (
    <Form method="post" className="mt-3">
      <input type="hidden" name="intent" value="claim-link" />
      <button className="btn-secondary" type="submit">
        Issue a new claim link
      </button>
      <p className="field-hint">Lost the link? A new one replaces it: the old one stops working.</p>
    </Form>
  );
}

export default function LiveStep() {
  const { intro, status, liveAt, appUrl, ready, preflightOk, verifyOk, isOwner, live } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as
    { claim?: ClaimAnswer; error?: string; fix?: { text: string; href?: string }; monitor?: LiveSettingsAnswer } | undefined;
  const navigation = useNavigation();
  if (status === "live" && liveAt) {
    return (
      <section>
        <h2 className="page-title">You are LIVE</h2>
        <p className="notice notice-ok mt-3" data-testid="live-confirmation">
          Live since <When value={liveAt} /> at <a href={appUrl ?? "#"}>{appUrl}</a>.
        </p>
        {actionData?.claim ? <ClaimLink claim={actionData.claim} /> : null}
        {isOwner ? <NewClaimLinkForm /> : <p className="mt-3 text-sm">The owner gets the claim link to sign in on the instance.</p>}
        <LiveNextSteps appUrl={appUrl} isOwner={isOwner} />
        <p className="mt-3 text-sm">
          Changing the provider, URL, database, secrets or keys moves the workspace back to “configured” until it is checked and verified again.
        </p>
        {live ? <LiveHealthPanel live={live} /> : null}
        {live ? <LiveNotifications notifications={live.notifications} /> : null}
        {live?.settings ? <LiveSettingsForm settings={live.settings} publicUrl={live.publicUrl} answer={actionData?.monitor} /> : null}
      </section>
    );
  }
  return (
    <section>
      <StepIntro {...intro} />
      <ul className="mt-3 space-y-1 text-sm">
        <li>
          {preflightOk ? "✓" : "✗"} Latest pre-flight passed for this configuration{" "}
          {preflightOk ? null : <Link to="/dashboard/deploy/preflight">Run pre-flight</Link>}
        </li>
        <li>
          {verifyOk ? "✓" : "✗"} Latest verification passed for this configuration {verifyOk ? null : <Link to="/dashboard/deploy/verify">Verify</Link>}
        </li>
      </ul>
      {actionData?.error ? (
        <p className="notice notice-error mt-3" role="alert">
          {actionData.error} {actionData.fix?.href ? <Link to={actionData.fix.href}>{actionData.fix.text}</Link> : actionData.fix?.text}
        </p>
      ) : null}
      <Form method="post" className="mt-4">
        <input type="hidden" name="intent" value="go-live" />
        <button className="btn w-full sm:w-auto" type="submit" disabled={!ready || navigation.state === "submitting"} aria-describedby="live-help">
          Go LIVE
        </button>
        <p id="live-help" className="field-hint">
          {ready ? "Both checks passed for the current configuration." : "Disabled until pre-flight and verification both pass for the current configuration."}
        </p>
      </Form>
    </section>
  );
}
