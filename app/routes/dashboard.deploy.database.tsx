import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { SaveAndContinue } from "~/components/deploy/save-and-continue";
import { StepIntro } from "~/components/deploy/step-intro";
import { ErrorSummary } from "~/components/error-summary";
import { saveDatabaseUrl } from "~/deploy/config/deploy-config.server";
import { DatabaseFormSchema } from "~/deploy/config/forms";
import { databaseUrlSchema } from "~/deploy/config/inputs.server";
import { loadWizardStep } from "~/deploy/wizard/page.server";
import { readFormData } from "~/http/form.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { state, intro } = await loadWizardStep(request, "database", context);
  return { intro, masked: state.row.dbUrlMasked };
}

export async function action({ request }: ActionFunctionArgs) {
  const { ctx } = await loadWizardStep(request, "database");
  const submission = await parseWithZod(await readFormData(request), { schema: databaseUrlSchema, async: true });
  // The connection string carries a password: never echoed back into the form.
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["databaseUrl"] }), { status: 400 });
  await saveDatabaseUrl(ctx, submission.value);
  return redirect("/dashboard/deploy/secrets");
}

export default function DatabaseStep() {
  const { intro, masked } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "database",
    lastResult,
    constraint: getZodConstraint(DatabaseFormSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DatabaseFormSchema }),
  });
  return (
    <section>
      <StepIntro {...intro} />
      {masked ? (
        <p className="notice notice-ok mt-3">
          On record (encrypted):{" "}
          <code className="break-all" data-testid="database-masked">
            {masked}
          </code>
        </p>
      ) : null}
      <Form method="post" className="mt-4 space-y-3" {...getFormProps(form)}>
        <ErrorSummary result={lastResult} fields={{ databaseUrl: fields.databaseUrl.id }} />
        <div>
          <label className="field-label" htmlFor={fields.databaseUrl.id}>
            {masked ? "Replace DATABASE_URL" : "DATABASE_URL"}
          </label>
          <input
            className="field-input font-mono"
            {...getInputProps(fields.databaseUrl, { type: "password", ariaDescribedBy: fields.databaseUrl.descriptionId })}
            placeholder="postgresql://user:password@host:5432/database"
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
          />
          <p className="field-hint" id={fields.databaseUrl.descriptionId}>
            postgresql:// with a user, a password and a database. Add ?sslmode=require if your provider needs TLS. Stored encrypted, shown only masked.
          </p>
          <p className="field-error" id={fields.databaseUrl.errorId}>
            {fields.databaseUrl.errors?.[0]}
          </p>
        </div>
        <SaveAndContinue />
      </Form>
    </section>
  );
}
