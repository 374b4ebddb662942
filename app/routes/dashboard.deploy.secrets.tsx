import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { StepIntro } from "~/components/deploy/step-intro";
import { ErrorSummary } from "~/components/error-summary";
import { RATE_LIMITS } from "~/auth/rate-limit.server";
import { deployState } from "~/deploy/config/deploy-config.server";
import { SecretsFormSchema } from "~/deploy/config/forms";
import { enforceRateLimit } from "~/deploy/wizard/guard.server";
import { DomainError } from "~/domain-error";
import { formErrorFrom, pageErrorFrom } from "~/http/domain-error.server";
import { secretsSchema } from "~/deploy/config/inputs.server";
import { loadWizardStep } from "~/deploy/wizard/page.server";
import { presentStoredSecrets, stepAfterSecrets } from "~/deploy/wizard/present.server";
import { GENERATED_SECRETS, storeDeploySecrets } from "~/deploy/secrets/secrets.server";
import { openReveal } from "~/deploy/secrets/reveal.server";
import { readFormData } from "~/http/form.server";
import { When } from "~/components/when";
import { keepClientHeaders } from "~/http/headers";
import { Field } from "~/components/field";

const NO_STORE = { "Cache-Control": "no-store" };
const ONE_TIME_VIEW = "/dashboard/deploy/secrets/once";

// Nothing here is worth caching; a spent rate limit (a thrown 429) keeps its Retry-After.
export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders, errorHeaders }) =>
  errorHeaders ? keepClientHeaders(errorHeaders) : actionHeaders.get("Cache-Control") ? actionHeaders : loaderHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { state, intro } = await loadWizardStep(request, "secrets", context);
  return data(
    {
      intro,
      next: stepAfterSecrets(state),
      generatedAt: state.row.secretsGeneratedAt?.toISOString() ?? null,
      live: state.row.status === "live",
      fingerprints: {
        JWT_SECRET: state.row.jwtSecretFingerprint,
        ENCRYPTION_KEY: state.row.encryptionKeyFingerprint,
        SESSION_SECRET: state.row.sessionSecretFingerprint,
      },
    },
    { headers: NO_STORE },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const { ctx } = await loadWizardStep(request, "secrets");
  const formData = await readFormData(request);
  const intent = formData.get("intent") === "provide" ? "provide" : "generate";
  const submission = await parseWithZod(formData, { schema: secretsSchema, async: true });
  if (submission.status !== "success") {
    return data({ intent, result: submission.reply({ hideFields: [...GENERATED_SECRETS] }) }, { status: 400, headers: NO_STORE });
  }
  const value = submission.value;
  try {
    await enforceRateLimit(ctx, RATE_LIMITS.generateSecrets);
    const stored = await storeDeploySecrets(ctx, {
      confirmRotation: value.confirmRotation === "on",
      provided:
        value.intent === "provide" ? { JWT_SECRET: value.JWT_SECRET, ENCRYPTION_KEY: value.ENCRYPTION_KEY, SESSION_SECRET: value.SESSION_SECRET } : undefined,
    });
    const shown = presentStoredSecrets(await deployState(ctx.tenant.id), stored);
    await openReveal(ctx, { source: value.intent, rotated: shown.rotated, payload: { secrets: shown.secrets, bundle: shown.bundle } });
    // Post, redirect, get: the values are shown once by the next page; a refresh or Back posts nothing again.
    return redirect(ONE_TIME_VIEW, { status: 303, headers: NO_STORE });
  } catch (error) {
    // A spent limit is the error page (with Retry-After); a rotation to confirm is said above the form.
    if (error instanceof DomainError && error.code === "rate_limited") throw pageErrorFrom(error);
    const { reply, init } = formErrorFrom(error, submission, { hideFields: [...GENERATED_SECRETS], headers: NO_STORE });
    return data({ intent, result: reply }, init);
  }
}

export default function SecretsStep() {
  const { intro, next, generatedAt, live, fingerprints } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formMethod === "POST";
  const [form] = useForm({ id: "generate-secrets", lastResult: actionData?.intent === "generate" ? actionData.result : undefined });
  const [ownForm, ownFields] = useForm({
    id: "own-secrets",
    lastResult: actionData?.intent === "provide" ? actionData.result : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SecretsFormSchema }),
  });
  return (
    <section>
      <StepIntro {...intro} />
      {generatedAt ? (
        <div className="card mt-3 text-sm" data-testid="secrets-on-record">
          <p>
            Secrets on record since <When value={generatedAt} />. Values are not shown again.
          </p>
          <ul className="mt-1 space-y-0.5">
            {Object.entries(fingerprints).map(([name, fingerprint]) => (
              <li key={name}>
                <code>{name}</code>: fingerprint <code>{fingerprint}</code>
              </li>
            ))}
          </ul>
          <p className="mt-3">
            <Link className="btn" to={next.path}>
              Continue to {next.title}
            </Link>
          </p>
        </div>
      ) : null}
      <Form method="post" className="card mt-4 space-y-3" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="generate" />
        <ErrorSummary id="generate-errors" result={actionData?.intent === "generate" ? actionData.result : undefined} fields={{}} />
        {generatedAt && !live ? (
          <h3 className="font-semibold" data-testid="lost-secrets">
            Lost them? Generate new ones — safe while nothing is live.
          </h3>
        ) : null}
        {generatedAt && live ? <h3 className="font-semibold text-red-800">Replace the secrets of a live app</h3> : null}
        <p className="text-sm">
          Three values, each 32 random bytes encoded as base64 (44 characters): <code>JWT_SECRET</code>, <code>ENCRYPTION_KEY</code>,{" "}
          <code>SESSION_SECRET</code>.
        </p>
        {generatedAt ? (
          <label className="flex min-h-11 items-start gap-2 py-2">
            <input type="checkbox" name="confirmRotation" className="mt-0.5 h-5 w-5 shrink-0" />
            <span>
              {live
                ? "I understand that this is a rotation: my live app keeps the old values until I set the new ones on my host, and must be verified again."
                : "Replace the values on record: I will set the new ones on my host."}
            </span>
          </label>
        ) : null}
        <p className="field-error" id={form.errorId}>
          {form.errors?.[0]}
        </p>
        <button
          className={generatedAt && live ? "btn-danger w-full sm:w-auto" : generatedAt ? "btn-secondary w-full sm:w-auto" : "btn w-full sm:w-auto"}
          type="submit"
          disabled={busy}
        >
          {busy ? "Working…" : generatedAt ? (live ? "Rotate secrets" : "Generate new secrets") : "Generate secrets"}
        </button>
      </Form>
      <details className="card mt-4" open={actionData?.intent === "provide" ? true : undefined}>
        <summary className="cursor-pointer font-medium">My host already runs with its own values</summary>
        <Form method="post" className="mt-3 space-y-3" {...getFormProps(ownForm)}>
          <input type="hidden" name="intent" value="provide" />
          <ErrorSummary
            id="provide-errors"
            result={actionData?.intent === "provide" ? actionData.result : undefined}
            fields={{ JWT_SECRET: ownFields.JWT_SECRET.id, ENCRYPTION_KEY: ownFields.ENCRYPTION_KEY.id, SESSION_SECRET: ownFields.SESSION_SECRET.id }}
          />
          <p className="text-sm text-slate-700">Paste them here. Each must be base64 of at least 32 bytes, checked exactly as the app reads it.</p>
          {(["JWT_SECRET", "ENCRYPTION_KEY", "SESSION_SECRET"] as const).map((name) => (
            <Field key={name} field={ownFields[name]} label={name} type="password" inputClassName="font-mono" autoComplete="off" spellCheck={false} />
          ))}
          {generatedAt ? (
            <label className="flex min-h-11 items-start gap-2 py-2">
              <input type="checkbox" name="confirmRotation" className="mt-0.5 h-5 w-5 shrink-0" />
              <span>Replace the secrets on record (a rotation).</span>
            </label>
          ) : null}
          <p className="field-error" id={ownForm.errorId}>
            {ownForm.errors?.[0]}
          </p>
          <button className="btn-secondary w-full sm:w-auto" type="submit" disabled={busy}>
            Use these values
          </button>
        </Form>
      </details>
    </section>
  );
}
