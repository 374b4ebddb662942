import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { When } from "~/components/when";
import { orPageError } from "~/http/domain-error.server";
import { SetupItemSchema } from "~/workspace/schemas";
import { listSetupItems, setSetupItemDone } from "~/workspace/setup.server";
import { requirePageContext } from "~/tenancy/context.server";
import { canManage } from "~/tenancy/roles";
import { readFormData } from "~/http/form.server";
import { deployState } from "~/deploy/config/deploy-config.server";
import { deployWizardAvailable } from "~/deploy/wizard/availability.server";
import { requireStep } from "~/deploy/wizard/guard.server";

export const meta: MetaFunction = () => [{ title: "Setup checklist · Go-Live" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requirePageContext(request, { context });
  const manager = canManage(ctx.role);
  return { manager, items: await listSetupItems(ctx.tenant.id), preflightAgain: manager && (await preflightInProgress(ctx.tenant.id, context)) };
}

/** A deploy under way whose pre-flight can run (steps A–D done, not live yet): the checklist links back to it. */
async function preflightInProgress(tenantId: string, context: LoaderFunctionArgs["context"]) {
  if (!deployWizardAvailable()) return false;
  const state = await deployState(tenantId, context);
  if (state.row.status === "live") return false;
  try {
    requireStep(state.progress, "preflight");
    return true;
  } catch {
    return false;
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requirePageContext(request);
  if (!canManage(ctx.role)) throw new Response("Only owners and admins can update the setup checklist.", { status: 403 });
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  if (intent !== "done" && intent !== "undone") throw new Response("Unknown action.", { status: 400 });
  const parsed = SetupItemSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) throw new Response("There is no setup item with that key.", { status: 404 });
  await orPageError(setSetupItemDone(ctx, parsed.data.key, intent === "done"));
  // Back to the same item, so a long list keeps its place on a phone.
  return redirect(`/dashboard/setup#${parsed.data.key}`);
}

export default function SetupPage() {
  const { manager, items, preflightAgain } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const required = items.filter((item) => item.required);
  const requiredLeft = required.filter((item) => !item.done).length;
  return (
    <section>
      <h1 className="page-title">Setup checklist</h1>
      <p className="mt-1 text-slate-600">
        {items.filter((item) => item.done).length} of {items.length} done.{" "}
        {requiredLeft === 0
          ? "Every required item is done."
          : `${requiredLeft} required ${requiredLeft === 1 ? "item remains" : "items remain"}: the Deploy Wizard's pre-flight checks them.`}
      </p>
      {preflightAgain ? (
        <p className="notice mt-3 flex flex-wrap items-center gap-x-3 gap-y-1" data-testid="preflight-again">
          <span>Your deploy is waiting on pre-flight.</span>
          <Link className="inline-flex min-h-11 items-center font-semibold" to="/dashboard/deploy/preflight">
            Run pre-flight again
          </Link>
        </p>
      ) : null}
      <ol className="mt-4 space-y-3">
        {items.map((item) => {
          const ownAnchor = item.href === `/dashboard/setup#${item.key}`;
          const pending = navigation.state !== "idle" && navigation.formData?.get("key") === item.key;
          return (
            <li key={item.key} id={item.key} className="card scroll-mt-4" data-testid="setup-item" data-done={item.done ? "true" : "false"}>
              <div className="flex flex-wrap items-center gap-2">
                <h2 className="min-w-0 flex-1 font-semibold">{item.title}</h2>
                <span
                  className={`rounded-full px-2 py-0.5 text-sm font-semibold ${item.required ? "bg-amber-100 text-amber-900" : "bg-slate-100 text-slate-700"}`}
                >
                  {item.required ? "Required" : "Optional"}
                </span>
                <span
                  data-testid="setup-status"
                  className={`rounded-full px-2 py-0.5 text-sm font-semibold ${item.done ? "bg-green-100 text-green-900" : "bg-slate-100 text-slate-700"}`}
                >
                  {item.done ? "✓ Done" : "To do"}
                </span>
              </div>
              <p className="mt-1 text-sm text-slate-700">
                <span className="font-medium">Why: </span>
                {item.why}
              </p>
              {item.done && item.completedAt ? (
                <p className="mt-1 text-sm text-slate-600">
                  Done <When value={item.completedAt} />
                  {item.completedByName ? ` by ${item.completedByName}` : ""}
                </p>
              ) : null}
              <div className="mt-3 flex flex-wrap items-center gap-3">
                {ownAnchor ? (
                  <a href={`#${item.key}`} className="inline-flex min-h-11 items-center text-sm">
                    Link to this item
                  </a>
                ) : (
                  <Link to={item.href} className="inline-flex min-h-11 items-center text-sm">
                    Go to {item.href.replace("/dashboard/", "")}
                  </Link>
                )}
                {manager ? (
                  <Form method="post" className="ml-auto">
                    <input type="hidden" name="key" value={item.key} />
                    <button
                      type="submit"
                      name="intent"
                      value={item.done ? "undone" : "done"}
                      className={item.done ? "btn-secondary" : "btn"}
                      disabled={pending}
                      aria-label={`${item.done ? "Mark as not done" : "Mark done"}: ${item.title}`}
                    >
                      {pending ? "Saving…" : item.done ? "Mark as not done" : "Mark done"}
                    </button>
                  </Form>
                ) : null}
              </div>
            </li>
          );
        })}
      </ol>
      {!manager ? <p className="mt-4 text-sm text-slate-600">Owners and admins mark items done.</p> : null}
    </section>
  );
}
