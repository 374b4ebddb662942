import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { DatabaseCheckResult, DatabaseLastCheck } from "~/components/deploy/database-check";
import { SaveAndContinue } from "~/components/deploy/save-and-continue";
import { StepIntro } from "~/components/deploy/step-intro";
import { ErrorSummary } from "~/components/error-summary";
import { isDatabaseCheck, saveAndTestDatabase } from "~/deploy/checks/database-on-save.server";
import { DatabaseFormSchema } from "~/deploy/config/forms";
import { databaseUrlSchema } from "~/deploy/config/inputs.server";
import { loadWizardStep } from "~/deploy/wizard/page.server";
import { readFormData } from "~/http/form.server";
import { Field } from "~/components/field";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { state, intro } = await loadWizardStep(request, "database", context);
  const check = isDatabaseCheck(state.row.dbCheck) && state.row.dbUrlMasked ? state.row.dbCheck : null;
  // "?saved": the answer to this person's save (post, redirect, get), shown first with the way on.
  return { intro, masked: state.row.dbUrlMasked, privateOnly: state.row.dbPrivate, check, justSaved: new URL(request.url).searchParams.has("saved") };
}

export async function action({ request }: ActionFunctionArgs) {
  const { ctx } = await loadWizardStep(request, "database");
  const submission = await parseWithZod(await readFormData(request), { schema: databaseUrlSchema, async: true });
  // The connection string carries a password: never echoed back into the form.
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["databaseUrl"] }), { status: 400 });
  // Saved even when the test fails: the page says what failed and how to fix it.
  await saveAndTestDatabase(ctx, submission.value, { privateOnly: submission.value.privateOnly });
  return redirect("/dashboard/deploy/database?saved", 303);
}

export default function DatabaseStep() {
  const { intro, masked, privateOnly, check, justSaved } = useLoaderData<typeof loader>();
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
      {justSaved && check && !lastResult ? <DatabaseCheckResult check={check} /> : null}
      <StepIntro {...intro} />
      {masked ? (
        <p className="notice notice-ok mt-3">
          On record (encrypted):{" "}
          <code className="break-all" data-testid="database-masked">
            {masked}
          </code>
          {check && !justSaved ? <DatabaseLastCheck check={check} /> : null}
        </p>
      ) : null}
      <Form method="post" className="mt-4 space-y-3" {...getFormProps(form)}>
        <ErrorSummary result={lastResult} fields={{ databaseUrl: fields.databaseUrl.id }} />
        <Field
          field={fields.databaseUrl}
          label={masked ? "Replace DATABASE_URL" : "DATABASE_URL"}
          type="password"
          inputClassName="font-mono"
          placeholder="postgresql://user:password@host:5432/database"
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          hint="postgresql:// with a user, a password and a database. Add ?sslmode=require if your provider needs TLS. Stored encrypted, shown only masked. Saving tests the connection."
        />
        <SaveAndContinue label="Save and test the connection" />
        <details className="mt-2" open={privateOnly || undefined} data-testid="database-private">
          <summary className="flex min-h-11 cursor-pointer items-center">Only your host can reach this database?</summary>
          <p className="mt-1">
            Private addresses (Render&apos;s internal URL, Railway&apos;s postgres.railway.internal, Fly&apos;s .flycast or .internal) cannot be reached from
            here. Save it untested: verification then checks it from inside your app, through its /ready.
          </p>
          <button className="btn-secondary mt-2 w-full sm:w-auto" type="submit" name="databasePrivate" value="on">
            Save: only my host reaches it
          </button>
        </details>
      </Form>
    </section>
  );
}
