import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { SaveAndContinue } from "~/components/deploy/save-and-continue";
import { HostSetup } from "~/components/deploy/host-setup";
import { StepIntro } from "~/components/deploy/step-intro";
import { hostSetupFor } from "~/deploy/config/host-setup.server";
import { saveProvider } from "~/deploy/config/deploy-config.server";
import { ProviderFormSchema } from "~/deploy/config/forms";
import { loadWizardStep } from "~/deploy/wizard/page.server";
import { PROVIDER_GUIDES, PROVIDERS } from "~/deploy/config/providers";
import { readFormData } from "~/http/form.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { state, intro } = await loadWizardStep(request, "provider", context);
  return { intro, provider: state.row.provider, setup: hostSetupFor(state.row.provider) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { ctx } = await loadWizardStep(request, "provider");
  const submission = parseWithZod(await readFormData(request), { schema: ProviderFormSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  await saveProvider(ctx, submission.value.provider);
  return redirect("/dashboard/deploy/url");
}

export default function ProviderStep() {
  const { intro, provider, setup } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "provider",
    lastResult,
    constraint: getZodConstraint(ProviderFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProviderFormSchema }),
  });
  return (
    <section>
      <StepIntro {...intro} how={[]} />
      <Form method="post" className="mt-4" {...getFormProps(form)}>
        <fieldset>
          <legend className="field-label">Host (you can change it later)</legend>
          <div className="mt-2 space-y-2">
            {PROVIDERS.map((id) => (
              <label key={id} className="card flex cursor-pointer items-start gap-3 p-3 has-[:checked]:border-indigo-700 has-[:checked]:bg-indigo-50">
                <input type="radio" name={fields.provider.name} value={id} defaultChecked={provider === id} className="mt-1 h-5 w-5" required />
                <span>
                  <span className="block font-medium">{PROVIDER_GUIDES[id].name}</span>
                  <span className="block text-sm text-slate-600">{PROVIDER_GUIDES[id].tagline}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <p className="field-error" id={fields.provider.errorId}>
          {fields.provider.errors?.[0]}
        </p>
        <SaveAndContinue className="mt-2" />
      </Form>
      {setup ? <HostSetup setup={setup} open={false} /> : null}
    </section>
  );
}
