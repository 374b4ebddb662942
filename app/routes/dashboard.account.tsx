import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { changePassword, countSessions, signOutEverywhere } from "~/workspace/account.server";
import { sessionCookie } from "~/auth/session.server";
import { formErrorFrom } from "~/http/domain-error.server";
import { ChangePasswordSchema } from "~/workspace/schemas";
import { keepClientHeaders } from "~/http/headers";
import { readFormData } from "~/http/form.server";
import { requirePageContext } from "~/tenancy/context.server";
import { Field, FormError } from "~/components/field";
import { NewPasswordField } from "~/components/new-password-field";

/** /dashboard/account: the signed-in person's own account: change the password, sign out everywhere. */
export const meta: MetaFunction = () => [{ title: "Your account · Go-Live" }];
export const headers: HeadersFunction = ({ actionHeaders, errorHeaders }) => keepClientHeaders(actionHeaders, errorHeaders);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requirePageContext(request, { context });
  return { user: ctx.user, sessions: await countSessions(ctx.user.id) };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requirePageContext(request);
  const formData = await readFormData(request);
  const intent = formData.get("intent");

  if (intent === "change-password") {
    const submission = parseWithZod(formData, { schema: ChangePasswordSchema });
    const hidden = { hideFields: ["currentPassword", "newPassword", "confirmPassword"] };
    if (submission.status !== "success") return data(submission.reply(hidden), { status: 400 });
    try {
      const { otherSessionsSignedOut } = await changePassword(ctx, submission.value);
      return redirect(`/dashboard/account?done=password-changed&ended=${otherSessionsSignedOut}`);
    } catch (error) {
      const { reply, init } = formErrorFrom(error, submission, hidden);
      return data(reply, init);
    }
  }

  if (intent === "sign-out-everywhere") {
    await signOutEverywhere(ctx);
    return redirect("/login?signedOut=everywhere", { headers: { "Set-Cookie": await sessionCookie().serialize("", { maxAge: 0 }) } });
  }

  throw new Response("Unknown action.", { status: 400 });
}

export default function AccountPage() {
  const { user, sessions } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    id: "change-password",
    lastResult,
    constraint: getZodConstraint(ChangePasswordSchema),
    shouldValidate: "onBlur",
    // An error clears as soon as the field is right, not on the blur of tapping the button (which would move it under the finger).
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ChangePasswordSchema }),
  });
  const changing = navigation.state !== "idle" && navigation.formData?.get("intent") === "change-password";
  const ended = Number(searchParams.get("ended") ?? 0);
  return (
    <section>
      <h1 className="page-title">Your account</h1>
      <p className="mt-1 break-all text-slate-600">
        {user.name} · {user.email}
      </p>
      {searchParams.get("done") === "password-changed" ? (
        <p className="notice notice-ok mt-3" role="status">
          Password changed. {ended > 0 ? `${ended} other ${ended === 1 ? "session was" : "sessions were"} signed out.` : "No other session was signed in."}
        </p>
      ) : null}

      <section className="card mt-4" aria-labelledby="password-title">
        <h2 id="password-title" className="text-lg font-semibold">
          Change your password
        </h2>
        <p className="field-hint">Every other place you are signed in is signed out; this one stays signed in.</p>
        <Form method="post" className="mt-3 space-y-3" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="change-password" />
          <input type="hidden" name="username" value={user.email} autoComplete="username" />
          <Field field={fields.currentPassword} label="Current password" type="password" autoComplete="current-password" />
          <NewPasswordField field={fields.newPassword} label="New password" />
          <Field field={fields.confirmPassword} label="New password again" type="password" autoComplete="new-password" />
          <FormError form={form} />
          <button className="btn w-full sm:w-auto" type="submit" disabled={changing}>
            {changing ? "Changing…" : "Change password"}
          </button>
        </Form>
      </section>

      <section className="card mt-4" aria-labelledby="sessions-title">
        <h2 id="sessions-title" className="text-lg font-semibold">
          Where you are signed in
        </h2>
        <p className="mt-1" data-testid="session-count">
          {sessions === 1 ? "Only here." : `${sessions} sessions, this one included.`} Signing out everywhere ends all of them, this one too. API tokens are not
          affected: revoke those on the API tokens page.
        </p>
        <Form method="post" className="mt-3">
          <input type="hidden" name="intent" value="sign-out-everywhere" />
          <button className="btn-danger w-full sm:w-auto" type="submit">
            Sign out everywhere
          </button>
        </Form>
      </section>
    </section>
  );
}
