import { getFormProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation, useNavigation, useSearchParams } from "@remix-run/react";
import { ShownOnce } from "~/components/shown-once";
import { When } from "~/components/when";
import { DomainError } from "~/domain-error";
import { formErrorFrom, pageErrorFrom, orPageError, statusOf } from "~/http/domain-error.server";
import { createInvitation, listInvitations, revokeInvitation, type Invitation } from "~/workspace/invitations.server";
import { ChangeRoleSchema, INVITATION_DAYS, InviteSchema, RevokeInvitationSchema } from "~/workspace/schemas";
import { changeRole, listMembers } from "~/workspace/team.server";
import { requirePageContext } from "~/tenancy/context.server";
import { canManage, ROLE_LABELS, ROLES, type RoleName } from "~/tenancy/roles";
import { readFormData } from "~/http/form.server";
import { Field, FormError } from "~/components/field";

export const meta: MetaFunction = () => [{ title: "Team · Go-Live" }];

// The answer that carries a new invitation link is never stored by a browser or a proxy.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

const NOTICES: Record<string, string> = { "role-changed": "Role saved.", "invitation-revoked": "Invitation revoked. Its link no longer works." };
const NO_STORE = { "Cache-Control": "no-store" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requirePageContext(request, { context });
  const [members, invitations] = await Promise.all([listMembers(ctx.tenant.id), canManage(ctx.role) ? listInvitations(ctx.tenant.id) : []]);
  return { me: ctx.user.id, role: ctx.role, tenantName: ctx.tenant.name, members, invitations };
}

type ActionResult =
  | { intent: "invite"; result: SubmissionResult<string[]>; invited?: { email: string; roleLabel: string; link: string } }
  | { intent: "change-role"; userId: string; error: string };

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requirePageContext(request);
  // Checked here, not only by hiding the forms: a member's hand-made POST is refused.
  if (!canManage(ctx.role)) throw new Response("Only owners and admins can change the team.", { status: 403 });
  const formData = await readFormData(request);
  const intent = formData.get("intent");

  if (intent === "invite") {
    const submission = parseWithZod(formData, { schema: InviteSchema });
    if (submission.status !== "success") return data<ActionResult>({ intent, result: submission.reply() }, { status: 400, headers: NO_STORE });
    try {
      const { invitation, link } = await createInvitation(ctx, submission.value);
      // The one and only time the link is in a response.
      const invited = { email: invitation.email, roleLabel: ROLE_LABELS[invitation.role], link };
      return data<ActionResult>({ intent, result: submission.reply({ resetForm: true }), invited }, { headers: NO_STORE });
    } catch (error) {
      const { reply, init } = formErrorFrom(error, submission, { headers: NO_STORE });
      return data<ActionResult>({ intent, result: reply }, init);
    }
  }

  if (intent === "revoke-invitation") {
    const parsed = RevokeInvitationSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) throw new Response("Choose an invitation to revoke.", { status: 400 });
    await orPageError(revokeInvitation(ctx, parsed.data.id));
    return redirect("/dashboard/team?done=invitation-revoked");
  }

  if (intent === "change-role") {
    const parsed = ChangeRoleSchema.safeParse(Object.fromEntries(formData));
    const userId = String(formData.get("userId") ?? "");
    if (!parsed.success) return data<ActionResult>({ intent, userId, error: parsed.error.issues[0]?.message ?? "Choose a role." }, { status: 400 });
    try {
      await changeRole(ctx, parsed.data.userId, parsed.data.role);
    } catch (error) {
      // Beside the member's own role form; an unknown member is the error page.
      if (!(error instanceof DomainError) || error.code === "not_found") throw pageErrorFrom(error);
      return data<ActionResult>({ intent, userId, error: error.message }, { status: statusOf(error) });
    }
    return redirect("/dashboard/team?done=role-changed");
  }

  throw new Response("Unknown action.", { status: 400 });
}

export default function TeamPage() {
  const { me, role, tenantName, members, invitations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const location = useLocation();
  const manager = canManage(role);
  const notice = NOTICES[searchParams.get("done") ?? ""];
  return (
    <section>
      <h1 className="page-title">Team</h1>
      <p className="mt-1 text-slate-600">
        {members.length} {members.length === 1 ? "person" : "people"} in {tenantName}.
        {manager ? " Owners and admins change roles and invite people." : " Owners and admins manage the team."}
      </p>
      {notice ? (
        <p className="notice notice-ok mt-3" role="status">
          {notice}
        </p>
      ) : null}
      {/* At the top: without JavaScript the answer opens scrolled to the top of the page. */}
      {manager && actionData?.intent === "invite" && actionData.invited ? (
        <ShownOnce
          id="invitation-link"
          label="Invitation link"
          value={actionData.invited.link}
          heading={`Send this link to ${actionData.invited.email} (${actionData.invited.roleLabel}). It is shown only this once.`}
        >
          <p className="mt-1">
            It works once, for {INVITATION_DAYS} days. They choose their own password, or sign in if they already have an account. Lost it? Invite them again:
            the new link replaces this one.
          </p>
        </ShownOnce>
      ) : null}
      {manager ? <InviteForm key={location.key} actorRole={role} lastResult={actionData?.intent === "invite" ? actionData.result : undefined} /> : null}
      <h2 className="mt-6 text-lg font-semibold">Members</h2>
      <ul className="mt-2 space-y-3" aria-label="Members">
        {members.map((member) => (
          <li key={member.userId} className="card" data-testid="member">
            <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
              <p className="min-w-0 font-semibold">
                {member.name}
                {member.userId === me ? <span className="ml-1 text-sm font-normal text-slate-600">(you)</span> : null}
              </p>
              <span className="rounded-full bg-slate-100 px-2 py-0.5 text-sm font-semibold text-slate-700" data-testid="member-role">
                {ROLE_LABELS[member.role]}
              </span>
            </div>
            <p className="break-all text-sm text-slate-600">{member.email}</p>
            {manager ? (
              <RoleForm
                key={`${member.userId}-${member.role}`}
                member={member}
                actorRole={role}
                error={actionData?.intent === "change-role" && actionData.userId === member.userId ? actionData.error : undefined}
              />
            ) : null}
          </li>
        ))}
      </ul>
      {manager ? <PendingInvitations invitations={invitations} actorRole={role} /> : null}
    </section>
  );
}

function RoleForm({ member, actorRole, error }: { member: { userId: string; name: string; role: RoleName }; actorRole: RoleName; error?: string }) {
  const navigation = useNavigation();
  const pending = navigation.state !== "idle" && navigation.formData?.get("userId") === member.userId;
  if (actorRole !== "OWNER" && member.role === "OWNER") {
    return <p className="mt-2 text-sm text-slate-600">Only an owner can change an owner&apos;s role.</p>;
  }
  const choices = actorRole === "OWNER" ? ROLES : ROLES.filter((r) => r !== "OWNER");
  const selectId = `role-${member.userId}`;
  return (
    <Form method="post" className="mt-3" aria-label={`Change role of ${member.name}`}>
      <input type="hidden" name="intent" value="change-role" />
      <input type="hidden" name="userId" value={member.userId} />
      <label htmlFor={selectId} className="sr-only">
        Role for {member.name}
      </label>
      <div className="flex gap-2">
        <select
          id={selectId}
          name="role"
          defaultValue={member.role}
          className="field-input mt-0 min-h-11 min-w-0 flex-1"
          aria-describedby={`${selectId}-error`}
        >
          {choices.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
        <button type="submit" className="btn-secondary shrink-0" disabled={pending}>
          {pending ? "Saving…" : "Save role"}
        </button>
      </div>
      {error ? (
        <p className="field-error" id={`${selectId}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </Form>
  );
}

function InviteForm({ actorRole, lastResult }: { actorRole: RoleName; lastResult?: SubmissionResult<string[]> }) {
  const navigation = useNavigation();
  const pending = navigation.state !== "idle" && navigation.formData?.get("intent") === "invite";
  const [form, fields] = useForm({
    id: "invite",
    lastResult,
    constraint: getZodConstraint(InviteSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InviteSchema }),
    defaultValue: { role: "MEMBER" },
  });
  const choices = actorRole === "OWNER" ? ROLES : ROLES.filter((r) => r !== "OWNER");
  return (
    <section className="card mt-4" aria-labelledby="invite-title">
      <h2 id="invite-title" className="text-lg font-semibold">
        Invite a person
      </h2>
      <p className="field-hint">You get a link to send them. They choose their own name and password, or sign in if they already have a Go-Live account.</p>
      <Form method="post" className="mt-3 space-y-3" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="invite" />
        <Field field={fields.email} label="Email" type="email" autoComplete="off" />
        <div>
          <label className="field-label" htmlFor={fields.role.id}>
            Role
          </label>
          <select className="field-input" {...getSelectProps(fields.role)}>
            {choices.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
          <p className="field-error" id={fields.role.errorId}>
            {fields.role.errors?.[0]}
          </p>
        </div>
        <FormError form={form} />
        <button className="btn w-full sm:w-auto" type="submit" disabled={pending}>
          {pending ? "Creating link…" : "Create invitation link"}
        </button>
      </Form>
    </section>
  );
}

function PendingInvitations({ invitations, actorRole }: { invitations: Invitation[]; actorRole: RoleName }) {
  if (invitations.length === 0) return null;
  return (
    <section className="mt-6" aria-labelledby="invitations-title">
      <h2 id="invitations-title" className="text-lg font-semibold">
        Open invitations
      </h2>
      <ul className="mt-2 space-y-3" aria-label="Open invitations">
        {invitations.map((invitation) => (
          <li key={invitation.id} className="card" data-testid="invitation" data-state={invitation.state}>
            <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
              <p className="min-w-0 break-all font-semibold">{invitation.email}</p>
              <span className="rounded-full bg-slate-100 px-2 py-0.5 text-sm font-semibold text-slate-700">{ROLE_LABELS[invitation.role]}</span>
            </div>
            <p className="text-sm text-slate-600">
              {invitation.state === "expired" ? "Expired" : "Expires"} <When value={invitation.expiresAt} />
              {invitation.invitedBy ? ` · invited by ${invitation.invitedBy}` : ""}
            </p>
            {invitation.state === "pending" && (actorRole === "OWNER" || invitation.role !== "OWNER") ? (
              <Form method="post" className="mt-3">
                <input type="hidden" name="intent" value="revoke-invitation" />
                <input type="hidden" name="id" value={invitation.id} />
                <button type="submit" className="btn-danger" aria-label={`Revoke the invitation for ${invitation.email}`}>
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
