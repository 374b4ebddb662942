import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { SaveAndContinue } from "~/components/deploy/save-and-continue";
import { StepIntro } from "~/components/deploy/step-intro";
import { ErrorSummary } from "~/components/error-summary";
import { storedOptionalKeys } from "~/deploy/config/deploy-config.server";
import { OPTIONAL_KEY_SPECS, OPTIONAL_KEYS, OptionalKeysSchema } from "~/deploy/config/optional-keys";
import { saveOptionalKeys } from "~/deploy/config/optional-keys.server";
import { loadWizardStep } from "~/deploy/wizard/page.server";
import { MODULE_CATALOGUE } from "~/workspace/module-catalogue";
import { readFormData } from "~/http/form.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { state, intro } = await loadWizardStep(request, "keys", context);
  const stored = storedOptionalKeys(state.row);
  return {
    intro,
    modules: state.modules.map((module) => ({ id: module, title: MODULE_CATALOGUE[module].title })),
    keys: OPTIONAL_KEYS.filter((name) => state.modules.includes(OPTIONAL_KEY_SPECS[name].module)).map((name) => ({
      name,
      label: OPTIONAL_KEY_SPECS[name].label,
      hint: OPTIONAL_KEY_SPECS[name].formatHint,
      masked: stored[name]?.masked ?? null,
    })),
    missing: state.facts.missingModuleKeys,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { ctx } = await loadWizardStep(request, "keys");
  const submission = parseWithZod(await readFormData(request), { schema: OptionalKeysSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: [...OPTIONAL_KEYS] }), { status: 400 });
  await saveOptionalKeys(ctx, submission.value);
  return redirect("/dashboard/deploy/preflight");
}

export default function KeysStep() {
  const { intro, modules, keys, missing } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "optional-keys",
    lastResult,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: OptionalKeysSchema }),
  });
  return (
    <section>
      <StepIntro {...intro} />
      {modules.length === 0 ? (
        <div className="card mt-4">
          <p>No optional modules are enabled, so no keys are needed.</p>
          <p className="mt-1 text-sm">
            Enable email, payments or AI on the <Link to="/dashboard/modules">Modules page</Link> first if you want them.
          </p>
          <p className="mt-3">
            <Link className="btn" to="/dashboard/deploy/preflight">
              Continue to pre-flight
            </Link>
          </p>
        </div>
      ) : (
        <Form method="post" className="mt-4 space-y-4" {...getFormProps(form)}>
          <ErrorSummary result={lastResult} fields={Object.fromEntries(keys.map((key) => [key.name, fields[key.name].id]))} />
          <p>Enabled: {modules.map((m) => m.title).join(", ")}. Leave a field blank to keep the key on record.</p>
          {missing.length ? <p className="notice notice-warn">Still needed: {missing.join(", ")}.</p> : null}
          {keys.map((key) => {
            const field = fields[key.name];
            return (
              <div key={key.name}>
                <label className="field-label" htmlFor={field.id}>
                  {key.label} <code className="text-sm">{key.name}</code>
                </label>
                {key.masked ? (
                  <p className="field-hint">
                    On record: <code>{key.masked}</code>
                  </p>
                ) : null}
                <input
                  id={field.id}
                  name={field.name}
                  type="password"
                  className="field-input font-mono"
                  autoComplete="off"
                  spellCheck={false}
                  aria-describedby={`${field.descriptionId}${field.errors ? ` ${field.errorId}` : ""}`}
                  aria-invalid={field.errors ? true : undefined}
                />
                <p className="field-hint" id={field.descriptionId}>
                  Format: {key.hint}.
                </p>
                {key.masked ? (
                  <label className="mt-1 flex items-center gap-2 text-sm">
                    <input type="checkbox" name="remove" value={key.name} className="h-5 w-5" /> Remove this key
                  </label>
                ) : null}
                <p className="field-error" id={field.errorId}>
                  {field.errors?.[0]}
                </p>
              </div>
            );
          })}
          <SaveAndContinue />
        </Form>
      )}
    </section>
  );
}
