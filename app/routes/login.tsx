import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { authenticator, SignInError } from "~/auth/authenticator.server";
import { SignInSchema } from "~/auth/sign-in-schema";
import { createSession, destroySession, readSession, safeRedirectPath } from "~/auth/session.server";
import { audit } from "~/audit/audit.server";
import { db } from "~/db/client.server";
import { requestOrigin } from "~/tenancy/context.server";
import { readFormData } from "~/http/form.server";
import { keepClientHeaders } from "~/http/headers";
import { Field, FormError } from "~/components/field";

export const meta: MetaFunction = () => [{ title: "Sign in · Go-Live" }];
// The 429 of a spent sign-in limit carries Retry-After; page responses keep it only through this export.
export const headers: HeadersFunction = ({ actionHeaders, errorHeaders }) => keepClientHeaders(actionHeaders, errorHeaders);

export async function loader({ request }: LoaderFunctionArgs) {
  if (await readSession(request)) throw redirect("/dashboard");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readFormData(request.clone());
  const submission = parseWithZod(formData, { schema: SignInSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  try {
    const user = await authenticator.authenticate("form", request);
    const membership = await db().membership.findFirst({
      where: { userId: user.id, active: true },
      orderBy: { createdAt: "asc" },
      select: { tenant: { select: { id: true, name: true, slug: true } } },
    });
    // A new session id on every sign-in: a session the request already carried (planted by someone
    // else, or left from before) ends here instead of living on next to the new one.
    await destroySession(request);
    const session = await createSession(user.id, { activeTenantId: membership?.tenant.id, userAgent: request.headers.get("User-Agent") });
    if (membership) {
      await audit({ tenant: membership.tenant, user: { id: user.id, email: user.email, name: "" }, origin: requestOrigin(request, "session") }, "SIGNED_IN");
    }
    return redirect(safeRedirectPath(submission.value.redirectTo), { headers: { "Set-Cookie": session.setCookie } });
  } catch (error) {
    if (error instanceof SignInError) {
      const headers: HeadersInit = error.retryAfterSeconds ? { "Retry-After": String(error.retryAfterSeconds) } : {};
      return data(submission.reply({ formErrors: [error.message], hideFields: ["password"] }), { status: error.status, headers });
    }
    throw error;
  }
}

export default function Login() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "sign-in",
    lastResult,
    constraint: getZodConstraint(SignInSchema),
    shouldValidate: "onBlur",
    // An error clears as soon as the field is right, not on the blur of tapping the button (which would move it under the finger).
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignInSchema }),
  });
  return (
    <main className="mx-auto max-w-sm px-4 py-10">
      <p className="text-sm font-semibold tracking-wide text-indigo-700">GO-LIVE</p>
      <h1 className="page-title mt-1">Sign in</h1>
      {searchParams.get("signedOut") === "everywhere" ? (
        <p className="notice notice-ok mt-3" role="status">
          You are signed out everywhere. Sign in again here when you need to.
        </p>
      ) : null}
      <Form method="post" className="mt-6 space-y-4" {...getFormProps(form)}>
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <Field field={fields.email} label="Email" type="email" autoComplete="email" />
        <Field field={fields.password} label="Password" type="password" autoComplete="current-password" />
        <FormError form={form} />
        <button className="btn w-full" type="submit" disabled={navigation.state === "submitting"}>
          {navigation.state === "submitting" ? "Signing in…" : "Sign in"}
        </button>
      </Form>
    </main>
  );
}
