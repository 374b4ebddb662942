import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation, useNavigation, useSearchParams } from "@remix-run/react";
import { HostError } from "~/host/host-error.server";
import { AddMemberSchema, ChangeRoleSchema, MIN_PASSWORD_LENGTH } from "~/host/schemas";
import { addMember, changeRole, listMembers } from "~/host/team.server";
import { requirePageContext } from "~/tenancy/context.server";
import { canManage, ROLE_LABELS, ROLES, type RoleName } from "~/tenancy/roles";
import { readFormData } from "~/http/form.server";

export const meta: MetaFunction = () => [{ title: "Team · Go-Live" }];

const NOTICES: Record<string, string> = { "member-added": "Member added.", "role-changed": "Role saved." };

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requirePageContext(request);
  return { me: ctx.user.id, role: ctx.role, tenantName: ctx.tenant.name, members: await listMembers(ctx.tenant.id) };
}

type ActionResult =
  | { intent: "add-member"; result: SubmissionResult<string[]> }
  | { intent: "change-role"; userId: string; error: string };

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requirePageContext(request);
  // Checked here, not only by hiding the forms: a member's hand-made POST is refused.
  if (!canManage(ctx.role)) throw new Response("Only owners and admins can change the team.", { status: 403 });
  const formData = await readFormData(request);
  const intent = formData.get("intent");

  if (intent === "add-member") {
    const submission = parseWithZod(formData, { schema: AddMemberSchema });
    if (submission.status !== "success") {
      return data<ActionResult>({ intent, result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
    }
    try {
      await addMember(ctx, submission.value);
    } catch (error) {
      if (!(error instanceof HostError)) throw error;
      const reply = error.field
        ? submission.reply({ fieldErrors: { [error.field]: [error.message] }, hideFields: ["password"] })
        : submission.reply({ formErrors: [error.message], hideFields: ["password"] });
      return data<ActionResult>({ intent, result: reply }, { status: error.status });
    }
    return redirect("/dashboard/team?done=member-added");
  }

  if (intent === "change-role") {
    const parsed = ChangeRoleSchema.safeParse(Object.fromEntries(formData));
    const userId = String(formData.get("userId") ?? "");
    if (!parsed.success) return data<ActionResult>({ intent, userId, error: parsed.error.issues[0]?.message ?? "Choose a role." }, { status: 400 });
    try {
      await changeRole(ctx, parsed.data.userId, parsed.data.role);
    } catch (error) {
      if (!(error instanceof HostError)) throw error;
      if (error.code === "not_found") throw new Response(error.message, { status: 404 });
      return data<ActionResult>({ intent, userId, error: error.message }, { status: error.status });
    }
    return redirect("/dashboard/team?done=role-changed");
  }

  throw new Response("Unknown action.", { status: 400 });
}

export default function TeamPage() {
  const { me, role, tenantName, members } = useLoaderData<typeof loader>();
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
        {manager ? " Owners and admins change roles and add people." : " Owners and admins manage the team."}
      </p>
      {notice ? (
        <p className="notice notice-ok mt-3" role="status">{notice}</p>
      ) : null}
      <ul className="mt-4 space-y-3" aria-label="Members">
        {members.map((member) => (
          <li key={member.userId} className="card" data-testid="member">
            <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
              <p className="min-w-0 font-semibold">
                {member.name}
                {member.userId === me ? <span className="ml-1 text-sm font-normal text-slate-600">(you)</span> : null}
              </p>
              <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-semibold text-slate-700" data-testid="member-role">
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
      {manager ? (
        <AddMemberForm
          key={location.key}
          actorRole={role}
          lastResult={actionData?.intent === "add-member" ? actionData.result : undefined}
        />
      ) : null}
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
      <label htmlFor={selectId} className="sr-only">Role for {member.name}</label>
      <div className="flex gap-2">
        <select id={selectId} name="role" defaultValue={member.role} className="field-input mt-0 min-h-11 min-w-0 flex-1" aria-describedby={`${selectId}-error`}>
          {choices.map((r) => (
            <option key={r} value={r}>{ROLE_LABELS[r]}</option>
          ))}
        </select>
        <button type="submit" className="btn-secondary shrink-0" disabled={pending}>
          {pending ? "Saving…" : "Save role"}
        </button>
      </div>
      {error ? (
        <p className="field-error" id={`${selectId}-error`} role="alert">{error}</p>
      ) : null}
    </Form>
  );
}

function AddMemberForm({ actorRole, lastResult }: { actorRole: RoleName; lastResult?: SubmissionResult<string[]> }) {
  const navigation = useNavigation();
  const pending = navigation.state !== "idle" && navigation.formData?.get("intent") === "add-member";
  const [form, fields] = useForm({
    id: "add-member",
    lastResult,
    constraint: getZodConstraint(AddMemberSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AddMemberSchema }),
    defaultValue: { role: "MEMBER" },
  });
  const choices = actorRole === "OWNER" ? ROLES : ROLES.filter((r) => r !== "OWNER");
  return (
    <section className="card mt-6" aria-labelledby="add-member-title">
      <h2 id="add-member-title" className="text-lg font-semibold">Add a member</h2>
      <p className="field-hint">
        Someone who already has a Go-Live account keeps their own name and password; for a new account, set an initial password and share it with them safely.
      </p>
      <Form method="post" className="mt-3 space-y-3" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="add-member" />
        <div>
          <label className="field-label" htmlFor={fields.email.id}>Email</label>
          <input className="field-input" {...getInputProps(fields.email, { type: "email" })} autoComplete="off" />
          <p className="field-error" id={fields.email.errorId}>{fields.email.errors?.[0]}</p>
        </div>
        <div>
          <label className="field-label" htmlFor={fields.name.id}>Name</label>
          <input className="field-input" {...getInputProps(fields.name, { type: "text" })} autoComplete="off" />
          <p className="field-error" id={fields.name.errorId}>{fields.name.errors?.[0]}</p>
        </div>
        <div>
          <label className="field-label" htmlFor={fields.role.id}>Role</label>
          <select className="field-input" {...getSelectProps(fields.role)}>
            {choices.map((r) => (
              <option key={r} value={r}>{ROLE_LABELS[r]}</option>
            ))}
          </select>
          <p className="field-error" id={fields.role.errorId}>{fields.role.errors?.[0]}</p>
        </div>
        <div>
          <label className="field-label" htmlFor={fields.password.id}>Initial password (new accounts only)</label>
          <input className="field-input" {...getInputProps(fields.password, { type: "password" })} autoComplete="new-password" />
          <p className="field-hint">At least {MIN_PASSWORD_LENGTH} characters. Leave empty when the person already has an account.</p>
          <p className="field-error" id={fields.password.errorId}>{fields.password.errors?.[0]}</p>
        </div>
        <p className="field-error" id={form.errorId} role="alert">{form.errors?.[0]}</p>
        <button className="btn w-full sm:w-auto" type="submit" disabled={pending}>
          {pending ? "Adding…" : "Add member"}
        </button>
      </Form>
    </section>
  );
}
