import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { SaveAndContinue } from "~/components/deploy/save-and-continue";
import { HostSetup } from "~/components/deploy/host-setup";
import { StepIntro } from "~/components/deploy/step-intro";
import { hostSetupFor } from "~/deploy/config/host-setup.server";
import { ErrorSummary } from "~/components/error-summary";
import { saveAppUrl } from "~/deploy/config/deploy-config.server";
import { AppUrlFormSchema } from "~/deploy/config/forms";
import { appUrlSchema } from "~/deploy/config/inputs.server";
import { loadWizardStep } from "~/deploy/wizard/page.server";
import { isProviderId, providerGuide } from "~/deploy/config/providers";
import { readFormData } from "~/http/form.server";
import { Field } from "~/components/field";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { state, intro } = await loadWizardStep(request, "url", context);
  const guide = state.row.provider && isProviderId(state.row.provider) ? providerGuide(state.row.provider) : null;
  return { intro, appUrl: state.row.appUrl, urlShape: guide?.urlShape ?? "https://app.example.com", setup: hostSetupFor(state.row.provider) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { ctx, state } = await loadWizardStep(request, "url");
  const provider = state.row.provider && isProviderId(state.row.provider) ? state.row.provider : null;
  const formData = await readFormData(request);
  const submission = await parseWithZod(formData, { schema: appUrlSchema(provider), async: true });
  if (submission.status !== "success") {
    // A URL typed with user:password@ is refused, and its password is not sent back into the page.
    const carriesCredentials = /^[^?#]*?\/\/[^/?#]*@/.test(String(formData.get("appUrl") ?? ""));
    return data(
      { result: submission.reply(carriesCredentials ? { hideFields: ["appUrl"] } : undefined), warnings: [] as string[], saved: null },
      { status: 400 },
    );
  }
  await saveAppUrl(ctx, submission.value.appUrl);
  // A warning is worth a look before moving on: stay on the page and say it was saved.
  if (submission.value.warnings.length) return { result: submission.reply(), warnings: submission.value.warnings, saved: submission.value.appUrl };
  return redirect("/dashboard/deploy/database");
}

export default function UrlStep() {
  const { intro, appUrl, urlShape, setup } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "app-url",
    lastResult: actionData?.result,
    defaultValue: { appUrl: appUrl ?? "" },
    constraint: getZodConstraint(AppUrlFormSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AppUrlFormSchema }),
  });
  return (
    <section>
      <StepIntro {...intro} />
      {/* The address exists only once the app is created on the host: the checklist comes first, open until an address is saved. */}
      {setup ? <HostSetup setup={setup} open={!appUrl} /> : null}
      <Form method="post" className="mt-4 space-y-3" {...getFormProps(form)}>
        <ErrorSummary result={actionData?.result} fields={{ appUrl: fields.appUrl.id }} />
        <Field
          field={fields.appUrl}
          label="Live URL"
          type="url"
          placeholder={urlShape}
          inputMode="url"
          autoCapitalize="off"
          spellCheck={false}
          hint={`https:// only, no path, query or credentials. Usually ${urlShape}.`}
        />
        {actionData?.saved ? (
          <div className="notice notice-warn" role="status">
            <p>Saved {actionData.saved}.</p>
            {actionData.warnings.map((warning) => (
              <p key={warning}>{warning}</p>
            ))}
            <p className="mt-2">
              <Link className="btn" to="/dashboard/deploy/database">
                Continue to the database
              </Link>
            </p>
          </div>
        ) : null}
        <SaveAndContinue />
      </Form>
    </section>
  );
}
