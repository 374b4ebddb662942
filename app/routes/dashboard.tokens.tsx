import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ShownOnce } from "~/components/shown-once";
import { When } from "~/components/when";
import { formErrorFrom, orPageError } from "~/http/domain-error.server";
import { RevokeTokenSchema, TokenNameSchema } from "~/workspace/schemas";
import { createTokenFor, listTokens, revokeToken } from "~/workspace/tokens.server";
import { requirePageContext } from "~/tenancy/context.server";
import { readFormData } from "~/http/form.server";
import { Field, FormError } from "~/components/field";

export const meta: MetaFunction = () => [{ title: "API tokens · Go-Live" }];

// The page that once carries a token in clear is never stored by a browser or a proxy.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requirePageContext(request, { context });
  // Never the token itself: only its name and last four characters are kept.
  return { tenantName: ctx.tenant.name, tokens: await listTokens(ctx) };
}

type ActionResult =
  { intent: "create"; result: SubmissionResult<string[]>; created?: { token: string; name: string; lastFour: string } } | { intent: "revoke"; error: string };

const NO_STORE = { "Cache-Control": "no-store" };

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requirePageContext(request);
  const formData = await readFormData(request);
  const intent = formData.get("intent");

  if (intent === "create") {
    const submission = parseWithZod(formData, { schema: TokenNameSchema });
    if (submission.status !== "success") return data<ActionResult>({ intent, result: submission.reply() }, { status: 400, headers: NO_STORE });
    try {
      const { token, row } = await createTokenFor(ctx, submission.value.name);
      // The one and only time the token is in a response.
      return data<ActionResult>(
        { intent, result: submission.reply({ resetForm: true }), created: { token, name: row.name, lastFour: row.lastFour } },
        { headers: NO_STORE },
      );
    } catch (error) {
      const { reply, init } = formErrorFrom(error, submission, { headers: NO_STORE });
      return data<ActionResult>({ intent, result: reply }, init);
    }
  }

  if (intent === "revoke") {
    const parsed = RevokeTokenSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) throw new Response("Choose a token to revoke.", { status: 400 });
    await orPageError(revokeToken(ctx, parsed.data.id));
    return redirect("/dashboard/tokens?done=revoked");
  }

  throw new Response("Unknown action.", { status: 400 });
}

export default function TokensPage() {
  const { tenantName, tokens } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const creating = navigation.state !== "idle" && navigation.formData?.get("intent") === "create";
  const created = actionData?.intent === "create" ? actionData.created : undefined;
  const [form, fields] = useForm({
    id: "create-token",
    lastResult: actionData?.intent === "create" ? actionData.result : undefined,
    constraint: getZodConstraint(TokenNameSchema),
    shouldValidate: "onBlur",
    // An error clears as soon as the field is right, not on the blur of tapping the button (which would move it under the finger).
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TokenNameSchema }),
  });
  return (
    <section>
      <h1 className="page-title">API tokens</h1>
      <p className="mt-1 text-slate-600">
        Personal tokens for scripts and curl. A token acts as you in {tenantName} only, with your role at the time of each call.
      </p>
      {searchParams.get("done") === "revoked" ? (
        <p className="notice notice-ok mt-3" role="status">
          Token revoked. It no longer works.
        </p>
      ) : null}
      {created ? (
        <ShownOnce id="new-token" label="Token" value={created.token} heading={`Copy your new token “${created.name}” now. It is shown only this once.`}>
          <p className="mt-1">
            Use it as <code className="break-all">Authorization: Bearer {created.token.slice(0, 10)}…</code>
          </p>
        </ShownOnce>
      ) : null}

      <section className="card mt-4" aria-labelledby="create-token-title">
        <h2 id="create-token-title" className="text-lg font-semibold">
          Create a token
        </h2>
        <Form method="post" className="mt-2 space-y-3" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="create" />
          <Field field={fields.name} label="Token name" type="text" placeholder="deploy script" autoComplete="off" />
          <FormError form={form} />
          <button className="btn w-full sm:w-auto" type="submit" disabled={creating}>
            {creating ? "Creating…" : "Create token"}
          </button>
        </Form>
      </section>

      <h2 className="mt-6 text-lg font-semibold">Your tokens</h2>
      {tokens.length === 0 ? <p className="mt-2 text-slate-600">You have no tokens in this workspace.</p> : null}
      <ul className="mt-2 space-y-3" aria-label="Your tokens">
        {tokens.map((token) => (
          <li key={token.id} className="card" data-testid="token" data-revoked={token.revokedAt ? "true" : "false"}>
            <div className="flex flex-wrap items-baseline justify-between gap-x-3">
              <p className="min-w-0 break-words font-semibold">{token.name}</p>
              <code className="text-sm text-slate-600">glpat_…{token.lastFour}</code>
            </div>
            <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-2 text-sm text-slate-600">
              <dt>Created</dt>
              <dd>
                <When value={token.createdAt} />
              </dd>
              <dt>Last used</dt>
              <dd>
                <When value={token.lastUsedAt} />
              </dd>
              {token.revokedAt ? (
                <>
                  <dt>Revoked</dt>
                  <dd className="font-medium text-red-800">
                    <When value={token.revokedAt} />
                  </dd>
                </>
              ) : null}
            </dl>
            {!token.revokedAt ? (
              <Form method="post" className="mt-3">
                <input type="hidden" name="intent" value="revoke" />
                <input type="hidden" name="id" value={token.id} />
                <button type="submit" className="btn-danger" aria-label={`Revoke ${token.name}`}>
                  Revoke
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
