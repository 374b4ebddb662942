import { audit } from "~/audit/audit.server";
import { signVerifierToken } from "~/auth/verifier-token.server";
import { db } from "~/db/client.server";
import { DomainError } from "~/domain-error";
import { getEnv } from "~/env.server";
import type { TenantContext } from "~/tenancy/context.server";
import type { DeployState } from "~/deploy/config/deploy-config.server";
import { openJwtSecret } from "~/deploy/secrets/secrets.server";
import { stepById } from "~/deploy/wizard/steps";
import { HANDOVER_SCOPE, type Handover } from "~/workspace/handover.server";
import { MODULES } from "~/workspace/module-catalogue";
import { SETUP_KEYS } from "~/workspace/setup-catalogue";
import type { CheckResult } from "./check-result";
import type { Resolver } from "./net/address-policy.server";
import { safeFetch, type SafeFetchResult } from "./net/safe-fetch.server";

/**
 * The platform's side of the hand-over: what it owns of a workspace goes to the workspace's own
 * instance over the channel verification uses (a POST to the live URL, signed with the tenant's
 * JWT_SECRET, audience the live URL, scope deploy:handover, one-time jti, a minute to live, through
 * the SSRF-safe client with its caps, no redirects). People go as email + role (they become
 * invitations there); no password hash, session or API token leaves the platform.
 */
const MAX_ANSWER_BYTES = 16 * 1024;
const TOKEN_TTL_SECONDS = 60;

type Outcome = Omit<CheckResult, "id" | "title" | "timingMs">;
const fixAt = (text: string, step: Parameters<typeof stepById>[0]) => ({ text, href: stepById(step).path });

/** What the platform sends: the workspace's own data, never a credential. */
export async function handoverPayload(tenantId: string): Promise<Handover> {
  const [tenant, setup, modules, members] = await Promise.all([
    db().tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { id: true, name: true, slug: true } }),
    db().setupItem.findMany({ where: { tenantId }, select: { key: true, done: true } }),
    db().tenantModule.findMany({ where: { tenantId }, select: { module: true, enabled: true } }),
    db().membership.findMany({
      where: { tenantId, active: true },
      select: { role: true, user: { select: { email: true } } },
      orderBy: { createdAt: "asc" },
      take: 500,
    }),
  ]);
  const done = new Map(setup.map((item) => [item.key, item.done]));
  const enabled = new Map(modules.map((item) => [item.module, item.enabled]));
  return {
    workspace: tenant,
    setup: SETUP_KEYS.map((key) => ({ key, done: done.get(key) ?? false })),
    modules: MODULES.map((module) => ({ module, enabled: enabled.get(module) ?? false })),
    team: members.map((member) => ({ email: member.user.email.toLowerCase(), role: member.role })),
  };
}

async function postToInstance(state: DeployState, tenantId: string, path: string, body: unknown, resolver?: Resolver): Promise<SafeFetchResult> {
  const env = getEnv();
  const appUrl = state.row.appUrl!;
  const token = await signVerifierToken({
    secret: openJwtSecret(tenantId, state.row.jwtSecretEncrypted!),
    audience: appUrl,
    scope: HANDOVER_SCOPE,
    ttlSeconds: TOKEN_TTL_SECONDS,
  });
  return safeFetch(`${appUrl}${path}`, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", Accept: "application/json" },
    timeoutMs: env.checkTimeoutMs,
    maxBytes: MAX_ANSWER_BYTES,
    maxRedirects: 0,
    policy: { allowLoopback: env.allowLocalTargets },
    resolver,
  });
}

function parse(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** Judges the instance's answer to the hand-over. Never repeats the remote's words. */
export function judgeHandover(result: SafeFetchResult, name: string): Outcome {
  if (!result.ok) {
    return {
      status: "fail",
      detail: `The hand-over did not reach the instance (${result.kind}).`,
      fix: fixAt("Verify again; the checks above say whether the app answers.", "verify"),
    };
  }
  const answer = parse(result.body) as
    { created?: unknown; setupDone?: unknown; modulesEnabled?: unknown; invitationsCreated?: unknown; error?: { reason?: unknown } } | undefined;
  if (result.status === 200 && answer && typeof answer.created === "boolean") {
    const modules = Array.isArray(answer.modulesEnabled) ? answer.modulesEnabled.filter((m): m is string => typeof m === "string" && /^[a-z]+$/.test(m)) : [];
    const invitations = Number(answer.invitationsCreated) || 0;
    return {
      status: "pass",
      code: answer.created ? "handed_over" : "updated",
      detail:
        `${answer.created ? "Handed over" : "Updated"} “${name}” on your instance: ${Number(answer.setupDone) || 0} of ${SETUP_KEYS.length} setup items done, ` +
        `modules ${modules.length ? modules.join(", ") : "none"}, ${invitations} new invitation${invitations === 1 ? "" : "s"}.`,
      fix: null,
      httpStatus: 200,
    };
  }
  if (result.status === 409) {
    return {
      status: "fail",
      code: "other_workspace",
      detail: "The instance refused: it already serves another workspace.",
      fix: fixAt("Give this workspace its own deployment with its own empty database.", "url"),
      httpStatus: 409,
    };
  }
  if (result.status === 404) {
    return {
      status: "fail",
      code: "no_handover",
      detail: "The instance does not take a hand-over: it runs without GOLIVE_MODE=instance or an older version of Go-Live.",
      fix: fixAt("Set GOLIVE_MODE=instance and deploy the current version, then verify again.", "secrets"),
      httpStatus: 404,
    };
  }
  if (result.status === 401) {
    const reason = typeof answer?.error?.reason === "string" ? answer.error.reason : "unknown";
    return {
      status: "fail",
      code: "token_refused",
      detail: `The instance refused the hand-over token (${reason.slice(0, 20)}).`,
      fix: fixAt("Verify again; if it persists, check JWT_SECRET and APP_URL on your host.", "verify"),
      httpStatus: 401,
    };
  }
  return {
    status: "fail",
    detail: `The instance answered the hand-over with ${result.status}.`,
    fix: fixAt("Open your host's logs for the app, then verify again.", "verify"),
    httpStatus: result.status,
  };
}

/** A step of the verification run, once every other call passed and the instance is this workspace's (empty or already serving it). */
export async function handOver(ctx: Pick<TenantContext, "tenant" | "user" | "origin">, state: DeployState, resolver?: Resolver): Promise<Outcome> {
  const payload = await handoverPayload(ctx.tenant.id);
  const outcome = judgeHandover(await postToInstance(state, ctx.tenant.id, "/api/instance/handover", payload, resolver), payload.workspace.name);
  if (outcome.status === "pass") {
    await audit(ctx, "DEPLOY_WORKSPACE_HANDED_OVER", {
      appUrl: state.row.appUrl,
      created: outcome.code === "handed_over",
      setupDone: payload.setup.filter((item) => item.done).length,
      modulesEnabled: payload.modules.filter((item) => item.enabled).map((item) => item.module),
      people: payload.team.length,
    });
  }
  return outcome;
}

/**
 * The owner's claim link to their instance: a new OWNER invitation there for the owner's address
 * (replacing any earlier link), returned here once and shown once. Owners only: an admin does not
 * get to become an owner of the instance this way.
 */
export async function issueClaimLink(ctx: Pick<TenantContext, "tenant" | "user" | "origin" | "role">, state: DeployState, resolver?: Resolver) {
  if (ctx.role !== "OWNER") throw new DomainError("forbidden", "Only an owner of the workspace gets the claim link to its instance.");
  if (!state.row.appUrl || !state.row.jwtSecretEncrypted || !state.progress.done.verify) {
    throw new DomainError("verification_required", "Verify the live URL first: verification hands the workspace over to your instance.", {
      fix: { text: "Verify the live URL.", href: stepById("verify").path },
    });
  }
  const result = await postToInstance(
    state,
    ctx.tenant.id,
    "/api/instance/claim",
    { workspaceId: ctx.tenant.id, email: ctx.user.email.toLowerCase() },
    resolver,
  );
  const answer = result.ok ? (parse(result.body) as { link?: unknown; expiresAt?: unknown } | undefined) : undefined;
  const expected = `${state.row.appUrl}/invite?token=`;
  if (result.ok && result.status === 200 && typeof answer?.link === "string" && answer.link.startsWith(expected) && answer.link.length < 300) {
    await audit(ctx, "DEPLOY_CLAIM_LINK_ISSUED", { appUrl: state.row.appUrl, email: ctx.user.email });
    return { link: answer.link, expiresAt: typeof answer.expiresAt === "string" ? answer.expiresAt : null };
  }
  if (result.ok && result.status === 409) {
    throw new DomainError("conflict", "You have already claimed your instance: sign in there.", { fix: { text: `Sign in at ${state.row.appUrl}/login.` } });
  }
  throw new DomainError("conflict", "Your instance did not issue a claim link: verify again, then ask for a new link.", {
    fix: { text: "Verify the live URL.", href: stepById("verify").path },
  });
}
