import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { hitRateLimit, RATE_LIMITS } from "~/auth/rate-limit.server";
import { createSession, destroySession, readSession, setActiveTenant } from "~/auth/session.server";
import { db } from "~/db/client.server";
import { formatWhen, timeZoneFromCookie } from "~/workspace/format";
import { formErrorFrom } from "~/http/domain-error.server";
import { acceptAsNewAccount, acceptAsSignedIn, viewInvitation } from "~/workspace/invitations.server";
import { AcceptInvitationSchema } from "~/workspace/schemas";
import { keepClientHeaders } from "~/http/headers";
import { readFormData } from "~/http/form.server";
import { clientIp } from "~/http/client-ip";
import { requestOrigin } from "~/tenancy/context.server";
import { Field, FormError } from "~/components/field";
import { NewPasswordField } from "~/components/new-password-field";

/**
 * /invite?token=…: the invited person's page. A new person chooses their own name and password; a
 * person with an account signs in as that account and accepts. The token travels in the query (never
 * logged) and in the form body, and the page is never cached.
 */
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data && "invitation" in data && data.invitation ? `Join ${data.invitation.tenantName} · Go-Live` : "Invitation · Go-Live" },
];
export const headers: HeadersFunction = ({ actionHeaders, errorHeaders }) => {
  const headers = new Headers(keepClientHeaders(actionHeaders, errorHeaders));
  headers.set("Cache-Control", "no-store");
  // The app-wide Referrer-Policy (same-origin) keeps the token in this URL from other sites. Not
  // no-referrer: browsers then send "Origin: null" with the form posts, which the cross-site check refuses.
  return headers;
};

const GONE: Record<string, string> = {
  expired: "This invitation has expired. Ask the person who invited you for a new link.",
  revoked: "This invitation was withdrawn. Ask the person who invited you for a new link.",
  accepted: "This invitation has already been used.",
};

async function signedInAccount(request: Request) {
  const session = await readSession(request);
  if (!session) return null;
  return db().user.findUnique({ where: { id: session.userId }, select: { id: true, email: true, name: true } });
}

export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const invitation = await viewInvitation(token);
  if (!invitation) throw new Response("This invitation link is not valid. Check that you copied all of it.", { status: 404 });
  if (invitation.state !== "pending") return data({ token: "", invitation, account: null, gone: GONE[invitation.state]! }, { status: 410 });
  const account = await signedInAccount(request);
  // Dates in the person's time zone once their browser has told it (the `tz` cookie), else in UTC, said so.
  return { token, invitation, account, gone: null, timeZone: timeZoneFromCookie(request.headers.get("Cookie")) };
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const submission = parseWithZod(formData, { schema: AcceptInvitationSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  const { value } = submission;
  try {
    if (value.intent === "accept") {
      const account = await signedInAccount(request);
      if (!account) return redirect(`/login?redirectTo=${encodeURIComponent(`/invite?token=${value.token}`)}`);
      const session = (await readSession(request))!;
      const { tenant } = await acceptAsSignedIn(value.token, account, requestOrigin(request, "session"));
      await setActiveTenant(session.id, tenant.id);
      return redirect("/dashboard?joined=1");
    }
    // Choosing a password costs a deliberate amount of CPU: bounded per address.
    const ip = clientIp(request);
    const limit = await hitRateLimit(RATE_LIMITS.acceptInvitation, ip);
    if (!limit.allowed) {
      return data(submission.reply({ formErrors: ["Too many attempts. Wait a few minutes and try again."], hideFields: ["password"] }), {
        status: 429,
        headers: { "Retry-After": String(limit.retryAfterSeconds) },
      });
    }
    const { user, tenant } = await acceptAsNewAccount(value.token, value, requestOrigin(request, "session"));
    // A new session for the new account; whatever session this browser had before ends.
    await destroySession(request);
    const session = await createSession(user.id, { activeTenantId: tenant.id, userAgent: request.headers.get("User-Agent") });
    return redirect("/dashboard?joined=1", { headers: { "Set-Cookie": session.setCookie } });
  } catch (error) {
    const { reply, init } = formErrorFrom(error, submission, { hideFields: ["password"] });
    return data(reply, init);
  }
}

export default function InvitePage() {
  const loaded = useLoaderData<typeof loader>();
  const { token, invitation, account, gone } = loaded;
  const timeZone = "timeZone" in loaded ? loaded.timeZone : null;
  return (
    <main className="mx-auto max-w-md px-4 py-8">
      <p className="text-sm font-semibold tracking-wide text-indigo-700">GO-LIVE</p>
      <h1 className="page-title mt-1">Join {invitation.tenantName}</h1>
      {gone ? (
        <>
          <p className="notice notice-warn mt-4" role="status">
            {gone}
          </p>
          <p className="mt-4">
            <Link to="/login">Sign in</Link>
          </p>
        </>
      ) : (
        <>
          <p className="mt-2 text-slate-700">
            {invitation.invitedBy ? `${invitation.invitedBy} invited` : "You are invited as"} <strong>{invitation.email}</strong> to {invitation.tenantName} as{" "}
            <strong>{invitation.roleLabel}</strong>. The link works until {formatWhen(invitation.expiresAt, undefined, timeZone)}.
          </p>
          {account ? (
            <SignedIn token={token} account={account} invitedEmail={invitation.email} tenantName={invitation.tenantName} />
          ) : (
            <SignedOut token={token} email={invitation.email} />
          )}
        </>
      )}
    </main>
  );
}

function SignedIn({
  token,
  account,
  invitedEmail,
  tenantName,
}: {
  token: string;
  account: { email: string; name: string };
  invitedEmail: string;
  tenantName: string;
}) {
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form] = useForm({ id: "accept", lastResult });
  if (account.email.toLowerCase() !== invitedEmail) {
    return (
      <section className="card mt-6">
        <p>
          You are signed in as <strong className="break-all">{account.email}</strong>, but this invitation is for{" "}
          <strong className="break-all">{invitedEmail}</strong>.
        </p>
        <p className="mt-2">Sign out, then open the link again and sign in as the invited address (or create its account).</p>
        <Form method="post" action="/logout" className="mt-3">
          <button className="btn-secondary w-full" type="submit">
            Sign out
          </button>
        </Form>
      </section>
    );
  }
  return (
    <Form method="post" className="card mt-6 space-y-3" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="accept" />
      <input type="hidden" name="token" value={token} />
      <p>Signed in as {account.name || account.email}.</p>
      <FormError form={form} />
      <button className="btn w-full" type="submit" disabled={navigation.state !== "idle"}>
        {navigation.state !== "idle" ? "Joining…" : `Join ${tenantName}`}
      </button>
    </Form>
  );
}

function SignedOut({ token, email }: { token: string; email: string }) {
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "create-account",
    lastResult,
    constraint: getZodConstraint(AcceptInvitationSchema.options[0]),
    shouldValidate: "onBlur",
    // An error clears as soon as the field is right, not on the blur of tapping the button (which would move it under the finger).
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AcceptInvitationSchema }),
  });
  const signIn = `/login?redirectTo=${encodeURIComponent(`/invite?token=${token}`)}`;
  return (
    <>
      <section className="card mt-6" aria-labelledby="new-account-title">
        <h2 id="new-account-title" className="text-lg font-semibold">
          New to Go-Live? Create your account
        </h2>
        <Form method="post" className="mt-3 space-y-3" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="create-account" />
          <input type="hidden" name="token" value={token} />
          <div>
            <label className="field-label" htmlFor="invited-email">
              Email
            </label>
            <input id="invited-email" className="field-input bg-slate-50" value={email} readOnly autoComplete="username" />
          </div>
          <Field field={fields.name} label="Your name" type="text" autoComplete="name" />
          <NewPasswordField field={fields.password} label="Choose a password" />
          <FormError form={form} />
          <button className="btn w-full" type="submit" disabled={navigation.state !== "idle"}>
            {navigation.state !== "idle" ? "Creating your account…" : "Create account and join"}
          </button>
        </Form>
      </section>
      <section className="card mt-4">
        <h2 className="text-lg font-semibold">Already have a Go-Live account?</h2>
        <p className="mt-1">Sign in as {email} and you will come back here to accept.</p>
        <Link className="btn-secondary mt-3 inline-flex w-full justify-center" to={signIn}>
          Sign in to accept
        </Link>
      </section>
    </>
  );
}
