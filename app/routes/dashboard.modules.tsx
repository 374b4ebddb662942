import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { orPageError } from "~/http/domain-error.server";
import { listModules, setModuleEnabled } from "~/workspace/modules.server";
import { ModuleSchema } from "~/workspace/schemas";
import { requirePageContext } from "~/tenancy/context.server";
import { canManage } from "~/tenancy/roles";
import { readFormData } from "~/http/form.server";
import { deployWizardAvailable } from "~/deploy/wizard/availability.server";

export const meta: MetaFunction = () => [{ title: "Modules · Go-Live" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requirePageContext(request, { context });
  return { manager: canManage(ctx.role), instance: !deployWizardAvailable(), modules: await listModules(ctx.tenant.id) };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requirePageContext(request);
  if (!canManage(ctx.role)) throw new Response("Only owners and admins can turn modules on or off.", { status: 403 });
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  if (intent !== "enable" && intent !== "disable") throw new Response("Unknown action.", { status: 400 });
  const parsed = ModuleSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) throw new Response("There is no module with that name.", { status: 404 });
  await orPageError(setModuleEnabled(ctx, parsed.data.module, intent === "enable"));
  return redirect(`/dashboard/modules#module-${parsed.data.module}`);
}

export default function ModulesPage() {
  const { manager, instance, modules } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  return (
    <section>
      <h1 className="page-title">Modules</h1>
      {instance ? (
        <p className="mt-1 text-slate-600">
          Turn on what your app uses. Each enabled module&apos;s keys are set on this app&apos;s host (the variables listed with it).
        </p>
      ) : (
        <p className="mt-1 text-slate-600">
          Turn on what your app uses. Each enabled module&apos;s keys are entered later in the Deploy Wizard, step E{" "}
          {manager ? <Link to="/dashboard/deploy/keys">Optional keys</Link> : <span>(Optional keys)</span>}, and stored encrypted.
        </p>
      )}
      <ul className="mt-4 space-y-3">
        {modules.map((module) => {
          const pending = navigation.state !== "idle" && navigation.formData?.get("module") === module.name;
          return (
            <li
              key={module.name}
              id={`module-${module.name}`}
              className="card scroll-mt-4"
              data-testid="module"
              data-enabled={module.enabled ? "true" : "false"}
            >
              <div className="flex flex-wrap items-center gap-2">
                <h2 className="min-w-0 flex-1 font-semibold">{module.title}</h2>
                <span
                  data-testid="module-status"
                  className={`rounded-full px-2 py-0.5 text-sm font-semibold ${module.enabled ? "bg-green-100 text-green-900" : "bg-slate-100 text-slate-700"}`}
                >
                  {module.enabled ? "On" : "Off"}
                </span>
              </div>
              <p className="mt-1 text-sm text-slate-700">{module.description}</p>
              <p className="mt-1 text-sm text-slate-600">
                Needs:{" "}
                {module.envVars.map((name, i) => (
                  <span key={name}>
                    {i > 0 ? ", " : ""}
                    <code className="break-all">{name}</code>
                  </span>
                ))}
              </p>
              {manager ? (
                <Form method="post" className="mt-3">
                  <input type="hidden" name="module" value={module.name} />
                  <button
                    type="submit"
                    name="intent"
                    value={module.enabled ? "disable" : "enable"}
                    className={module.enabled ? "btn-secondary" : "btn"}
                    disabled={pending}
                    aria-label={`${module.enabled ? "Turn off" : "Turn on"} ${module.title}`}
                  >
                    {pending ? "Saving…" : module.enabled ? "Turn off" : "Turn on"}
                  </button>
                </Form>
              ) : null}
            </li>
          );
        })}
      </ul>
      {!manager ? <p className="mt-4 text-sm text-slate-600">Owners and admins turn modules on or off.</p> : null}
    </section>
  );
}
