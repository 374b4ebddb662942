import { signVerifierToken } from "~/auth/verifier-token.server";
import { getEnv } from "~/env.server";
import type { TenantContext } from "~/tenancy/context.server";
import type { CheckResult } from "./check-result";
import { deployState, type DeployState } from "~/deploy/config/deploy-config.server";
import { inspectCertificate, type CertificateResult } from "~/deploy/checks/net/certificate.server";
import type { Resolver } from "~/deploy/checks/net/address-policy.server";
import { safeFetch, type SafeFetchResult } from "~/deploy/checks/net/safe-fetch.server";
import { recordRun, timedCheck } from "./runs.server";
import { handOver } from "./handover.server";
import { fingerprintKey } from "~/crypto/key-material.server";
import { storedOptionalKeys } from "~/deploy/config/deploy-config.server";
import { OPTIONAL_KEY_SPECS, OPTIONAL_KEYS } from "~/deploy/config/optional-keys";
import { openOptionalKey } from "~/deploy/config/optional-keys.server";
import { openJwtSecret } from "~/deploy/secrets/secrets.server";
import { stepById } from "~/deploy/wizard/steps";
import { workspaceFingerprint } from "~/workspace/instance.server";

/**
 * Step G / POST /api/deploy/verify: calls the live URL for real, each call reported on
 * its own so a person can tell "not deployed yet", "deployed but unhealthy", "wrong secrets" and
 * "wrong app at this URL" apart. All calls go through the SSRF-safe client and run concurrently,
 * so a URL that never answers costs one timeout, not four.
 */
/** `state`: the deploy state the route's step guard has just read (not read twice). */
export type VerifyDeps = { resolver?: Resolver; state?: DeployState; /** Tests: a certificate authority to trust for the live URL. */ ca?: string };

const MAX_BODY_BYTES = 64 * 1024;
const CERT_WARN_DAYS = 14;

type Outcome = Omit<CheckResult, "id" | "title" | "timingMs">;
const fixAt = (text: string, step: Parameters<typeof stepById>[0]) => ({ text, href: stepById(step).path });
const NOT_THIS_APP_FIX = fixAt("Check that the live URL points at your Go-Live deployment (not another app or a parking page on the same domain).", "url");

/** Words for a call that did not get an HTTP answer. Never the remote's own text. */
export function describeTransportFailure(result: Extract<SafeFetchResult, { ok: false }>, appUrl: string): Outcome {
  const host = new URL(appUrl).host;
  switch (result.kind) {
    case "dns":
      return {
        status: "fail",
        code: "nothing_answers",
        detail: `${host} does not resolve in DNS: the address is not created yet, or its name changed.`,
        fix: fixAt("Check the live URL for typos, or wait for your host to finish creating the address.", "url"),
      };
    case "refused":
      return {
        status: "fail",
        code: "nothing_answers",
        detail: `Nothing accepts connections at ${host}: the app is not running there (not deployed yet, stopped or crashed).`,
        fix: fixAt("Start (or redeploy) the app on your host, then verify again.", "verify"),
      };
    case "timeout":
      return {
        status: "fail",
        code: "nothing_answers",
        detail: `No answer from ${host} within ${getEnv().checkTimeoutMs / 1000} s.`,
        fix: fixAt("The app may still be starting or asleep: open the URL in a browser, wait for it to answer, then verify again.", "verify"),
      };
    case "tls":
      return {
        status: "fail",
        detail: `The HTTPS connection to ${host} failed (certificate or TLS setup).`,
        fix: fixAt("Check the domain's certificate on your host; custom domains need the host's certificate to be issued first.", "url"),
      };
    case "blocked":
      return {
        status: "fail",
        detail: `Refused: ${result.detail}`,
        fix: fixAt("Enter the public address of your app; private and internal addresses cannot be verified.", "url"),
      };
    case "too_large":
      return {
        status: "fail",
        code: "not_this_app",
        detail: "The answer was far larger than this endpoint ever sends: this is probably not the Go-Live app.",
        fix: fixAt("Check that the live URL points at your Go-Live deployment.", "url"),
      };
    case "redirect":
      return {
        status: "fail",
        detail: `The address redirects (${result.detail}).`,
        fix: fixAt("Enter the final address your app answers on, without redirects.", "url"),
      };
    default:
      return {
        status: "fail",
        code: "connection_failed",
        detail: `The connection to ${host} failed: ${result.detail}`,
        fix: fixAt("Check that the app is running on your host, then verify again.", "verify"),
      };
  }
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** Only names that look like env variables or check ids are taken from a remote /ready answer. */
export function namesFromReadyBody(body: string): string[] {
  const parsed = parseJson(body) as { checks?: Record<string, { status?: string; output?: string }[]> } | undefined;
  if (!parsed?.checks || typeof parsed.checks !== "object") return [];
  const names = new Set<string>();
  for (const [key, entries] of Object.entries(parsed.checks)) {
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      if (entry?.status !== "fail") continue;
      if (/^[a-z]+(:[A-Za-z]+)?$/.test(key)) names.add(key);
      for (const token of String(entry.output ?? "").match(/\b[A-Z][A-Z0-9_]{2,40}\b/g) ?? []) names.add(token);
    }
  }
  return [...names].slice(0, 10);
}

export function judgeHealth(result: SafeFetchResult, appUrl: string): Outcome {
  if (!result.ok) return describeTransportFailure(result, appUrl);
  const body = parseJson(result.body) as { status?: unknown } | undefined;
  if (result.status === 200 && body?.status === "pass") return { status: "pass", detail: "The app is up.", fix: null, httpStatus: 200 };
  if (result.status === 404)
    return {
      status: "fail",
      code: "not_this_app",
      detail: "There is no /health at this address: this is not a Go-Live app, or not this version.",
      fix: fixAt("Check that the live URL points at your Go-Live deployment.", "url"),
      httpStatus: 404,
    };
  if (result.status === 200) {
    return {
      status: "fail",
      code: "not_this_app",
      detail: "Something answers at this address, but not the Go-Live app: its /health is not Go-Live's.",
      fix: NOT_THIS_APP_FIX,
      httpStatus: 200,
    };
  }
  return {
    status: "fail",
    detail: `Deployed but unhealthy: /health answered ${result.status}.`,
    fix: fixAt("Open your host's logs for the app and fix the start-up error.", "verify"),
    httpStatus: result.status,
  };
}

export function judgeReady(result: SafeFetchResult, appUrl: string, options: { databasePrivate?: boolean } = {}): Outcome {
  if (!result.ok) return describeTransportFailure(result, appUrl);
  if (result.status === 200)
    return { status: "pass", detail: "The database answers, migrations are applied and the required environment is present.", fix: null, httpStatus: 200 };
  if (result.status === 503) {
    const names = namesFromReadyBody(result.body);
    return {
      status: "fail",
      detail: `Deployed but not ready${names.length ? `: ${names.join(", ")}` : ""}.`,
      fix: names.some((name) => name.startsWith("database"))
        ? options.databasePrivate
          ? // Only the host reaches it, so this is the one test of it: from inside the app.
            fixAt("Your app cannot reach its database over your host's private network: check DATABASE_URL on your host and in step C.", "database")
          : fixAt("The app cannot use its database: check DATABASE_URL on your host (run pre-flight to test it).", "preflight")
        : fixAt("Set the missing variables on your host (the env bundle lists them all), then redeploy.", "secrets"),
      httpStatus: 503,
    };
  }
  return { status: "fail", detail: `/ready answered ${result.status}.`, fix: fixAt("Open your host's logs for the app.", "verify"), httpStatus: result.status };
}

/** What verification expects the live app to be. */
export type ExpectedApp = { appUrl: string; encryptionKeyFingerprint: string | null; workspaceId: string };

/** A Go-Live instance's answer to a refused verifier token (app/routes/api.dashboard.stats.ts). */
type Refusal = { error?: { code?: unknown; reason?: unknown }; instance?: { app?: unknown; mode?: unknown; workspace?: unknown } };

/**
 * The signed stats call tells which app answers the live URL: nothing; something that is not
 * Go-Live; Go-Live with another APP_URL (it refuses the token's audience, after its signature
 * matched); Go-Live with other secrets; Go-Live serving another workspace, or the platform itself;
 * or this workspace's instance. Each with its own fix (`code` names the case).
 */
export function judgeStats(result: SafeFetchResult, expected: ExpectedApp): Outcome {
  if (!result.ok) return describeTransportFailure(result, expected.appUrl);
  const ours = workspaceFingerprint(expected.workspaceId);
  if (result.status === 401) {
    const body = parseJson(result.body) as Refusal | undefined;
    const identity = body?.instance;
    if (body?.error?.code !== "invalid_token" || identity?.app !== "go-live") {
      return {
        status: "fail",
        code: "not_this_app",
        detail: "Something at this address asks for credentials, but it is not the Go-Live app.",
        fix: NOT_THIS_APP_FIX,
        httpStatus: 401,
      };
    }
    const reason = typeof body.error.reason === "string" ? body.error.reason : "";
    if (reason === "audience") {
      return {
        status: "fail",
        code: "wrong_app_url",
        detail: "This is your Go-Live app with the right JWT_SECRET, but its APP_URL is a different address, so it refuses tokens made for this one.",
        fix: fixAt(`Set APP_URL on your host to exactly ${expected.appUrl} and redeploy (keep the secrets as they are).`, "url"),
        httpStatus: 401,
      };
    }
    if (reason === "signature" || reason === "no_secret") {
      if (identity.mode === "platform") {
        return {
          status: "fail",
          code: "platform",
          detail: "This address is a Go-Live platform (with its own secrets), not your workspace's instance.",
          fix: fixAt("Enter the address of your own deployment, started from the env bundle (it sets GOLIVE_MODE=instance).", "url"),
          httpStatus: 401,
        };
      }
      if (typeof identity.workspace === "string" && identity.workspace !== ours) {
        return {
          status: "fail",
          code: "other_workspace",
          detail: "This address is a Go-Live instance serving another workspace.",
          fix: fixAt("Enter the address of this workspace's deployment; an instance serves one workspace, so give this one its own database.", "url"),
          httpStatus: 401,
        };
      }
      if (reason === "no_secret") {
        return {
          status: "fail",
          code: "wrong_secrets",
          detail: "This is a Go-Live instance without JWT_SECRET.",
          fix: fixAt("Set JWT_SECRET on your host to the value generated in step D, then redeploy.", "secrets"),
          httpStatus: 401,
        };
      }
      return {
        status: "fail",
        code: "wrong_secrets",
        detail: "Wrong secrets: this Go-Live instance refused a token signed with the JWT_SECRET generated here.",
        fix: fixAt("Set JWT_SECRET on your host to the value generated in step D (or regenerate and update every secret), then redeploy.", "secrets"),
        httpStatus: 401,
      };
    }
    if (reason === "expired" || reason === "claims") {
      return {
        status: "fail",
        code: "clock",
        detail: "The instance refused the token's times: its clock is far from this one.",
        fix: fixAt("Turn on time synchronisation (NTP) on your host, then verify again.", "verify"),
        httpStatus: 401,
      };
    }
    return {
      status: "fail",
      code: "token_refused",
      detail: `The instance refused the verification token (${reason || "no reason given"}).`,
      fix: fixAt("Verify again; if it persists, check that the host runs this version of Go-Live.", "verify"),
      httpStatus: 401,
    };
  }
  if (result.status !== 200)
    return {
      status: "fail",
      code: "not_this_app",
      detail: `/api/dashboard/stats answered ${result.status}.`,
      fix: NOT_THIS_APP_FIX,
      httpStatus: result.status,
    };
  const body = parseJson(result.body) as
    { appUrl?: unknown; encryptionKeyFingerprint?: unknown; mode?: unknown; workspace?: { id?: unknown } | null } | undefined;
  if (!body || typeof body.appUrl !== "string")
    return {
      status: "fail",
      code: "not_this_app",
      detail: "The answer is not the Go-Live stats format: wrong app at this URL.",
      fix: NOT_THIS_APP_FIX,
      httpStatus: 200,
    };
  if (body.appUrl !== expected.appUrl) {
    return {
      status: "fail",
      code: "wrong_app_url",
      detail: "Wrong app at this URL: the app says its APP_URL is a different address.",
      fix: fixAt(`Set APP_URL on your host to exactly ${expected.appUrl} and redeploy.`, "url"),
      httpStatus: 200,
    };
  }
  if (body.mode !== "instance") {
    return {
      status: "fail",
      code: "not_instance_mode",
      detail: "The app accepted the token but runs as a platform (sign-up, several workspaces, the Deploy Wizard), not as your workspace's instance.",
      fix: fixAt("Set GOLIVE_MODE=instance on your host (the env bundle lists it), then redeploy.", "secrets"),
      httpStatus: 200,
    };
  }
  if (body.workspace && body.workspace.id !== expected.workspaceId) {
    return {
      status: "fail",
      code: "other_workspace",
      detail: "This instance already serves another workspace.",
      fix: fixAt("Give this workspace its own deployment with its own empty database.", "url"),
      httpStatus: 200,
    };
  }
  if (body.encryptionKeyFingerprint !== expected.encryptionKeyFingerprint) {
    return {
      status: "fail",
      code: "wrong_secrets",
      detail: "Wrong secrets: the app's ENCRYPTION_KEY is not the one generated here (fingerprints differ).",
      fix: fixAt("Set ENCRYPTION_KEY on your host to the value generated in step D, then redeploy.", "secrets"),
      httpStatus: 200,
    };
  }
  const served = body.workspace ? "It already serves this workspace." : "It is empty, ready to receive this workspace.";
  return {
    status: "pass",
    code: "right_app",
    detail: `Your instance: it accepted the verification token and reports this APP_URL and ENCRYPTION_KEY fingerprint. ${served}`,
    fix: null,
    httpStatus: 200,
  };
}

/** What the instance must hold for the enabled modules: each key stored in step E, by fingerprint. */
export type ExpectedModuleKey = { name: string; module: string; fingerprint: string };

/**
 * Module keys are checked where they are used: the instance names the keys it holds by fingerprint
 * (never a value); each key of an enabled module stored in step E must be there, with the same value.
 */
export function judgeModuleKeys(statsBody: string, expected: ExpectedModuleKey[]): Outcome {
  const held = (parseJson(statsBody) as { moduleKeys?: Record<string, unknown> } | undefined)?.moduleKeys ?? {};
  const missing = expected.filter((key) => typeof held[key.name] !== "string");
  const differing = expected.filter((key) => typeof held[key.name] === "string" && held[key.name] !== key.fingerprint);
  if (missing.length || differing.length) {
    const words = [
      missing.length ? `not set on your host: ${missing.map((key) => `${key.name} (${key.module})`).join(", ")}` : null,
      differing.length ? `different from step E: ${differing.map((key) => `${key.name} (${key.module})`).join(", ")}` : null,
    ].filter(Boolean);
    return {
      status: "fail",
      code: missing.length ? "module_key_missing" : "module_key_differs",
      detail: `Enabled modules' keys ${words.join("; ")}.`,
      fix: fixAt(`Set ${[...missing, ...differing].map((key) => key.name).join(", ")} on your host to the values entered in step E, then redeploy.`, "keys"),
    };
  }
  if (expected.length === 0) return { status: "pass", detail: "No enabled module needs a key.", fix: null };
  return {
    status: "pass",
    detail: `The instance holds the keys of the enabled modules, as entered in step E: ${expected.map((key) => key.name).join(", ")}.`,
    fix: null,
  };
}

export function judgeCertificate(result: CertificateResult | null, appUrl: string): Outcome {
  if (result === null) return { status: "warn", detail: "Plain http: allowed for local development only, there is no certificate to check.", fix: null };
  if (!result.ok) {
    const words: Record<string, string> = {
      untrusted: "The certificate is not issued by a trusted authority.",
      hostname_mismatch: `The certificate is not valid for ${new URL(appUrl).hostname}.`,
      expired: "The certificate has expired.",
    };
    return {
      status: "fail",
      detail: words[result.kind] ?? `The certificate could not be checked: ${result.detail}`,
      fix: fixAt("Let your host issue (or renew) the certificate for this domain, then verify again.", "url"),
    };
  }
  const validTo = new Date(result.validTo);
  const expiresAt = Number.isNaN(validTo.getTime()) ? undefined : validTo.toISOString();
  if (result.daysToExpiry < CERT_WARN_DAYS) {
    return {
      status: "warn",
      code: "cert_expiring",
      detail: `The certificate expires in ${result.daysToExpiry} days.`,
      fix: fixAt("Renew the certificate (most hosts renew automatically: check the domain settings).", "verify"),
      expiresAt,
    };
  }
  return { status: "pass", detail: `Trusted, valid for this host, ${result.daysToExpiry} days to expiry.`, fix: null, expiresAt };
}

/** The keys the instance must hold: those stored in step E for the modules enabled now. */
function expectedModuleKeys(state: DeployState): ExpectedModuleKey[] {
  const stored = storedOptionalKeys(state.row);
  return OPTIONAL_KEYS.filter((name) => state.modules.includes(OPTIONAL_KEY_SPECS[name].module) && stored[name]).map((name) => ({
    name,
    module: OPTIONAL_KEY_SPECS[name].module,
    fingerprint: fingerprintKey(Buffer.from(openOptionalKey(state.row.tenantId, name, stored)!, "utf8")),
  }));
}

/** `wakeSeconds`: how long a URL that does not answer is retried (LIVE_WAKE_SECONDS unless given). */
export type LiveCheckDeps = VerifyDeps & { wakeSeconds?: number; onAttempt?: (attempt: number) => void };

/** Every call failed without an HTTP answer: the app may be asleep (free plans sleep and take up to a minute to wake). */
export function nothingAnswers(checks: CheckResult[]) {
  const calls = checks.filter((check) => check.id === "live.health" || check.id === "live.ready" || check.id === "live.stats");
  return calls.length > 0 && calls.every((check) => check.status === "fail" && (check.code === "nothing_answers" || check.code === "connection_failed"));
}

/**
 * The calls of step G against the live URL (health, ready, signed stats, certificate, module keys),
 * without the hand-over and without storing a run: the one implementation that the manual
 * verification and the scheduled checks (app/deploy/monitor/) share. A URL where nothing answers is
 * called again every few seconds for up to the wake-up window before the result stands.
 */
export async function checkLiveApp(tenantId: string, state: DeployState, deps: LiveCheckDeps = {}): Promise<CheckResult[]> {
  const env = getEnv();
  const wakeMs = (deps.wakeSeconds ?? env.liveWakeSeconds) * 1000;
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    deps.onAttempt?.(attempt);
    const checks = await checkLiveAppOnce(tenantId, state, deps);
    const left = wakeMs - (Date.now() - started);
    if (!nothingAnswers(checks) || left <= 0) return checks;
    await new Promise((resolve) => setTimeout(resolve, Math.min(3000, left)));
  }
}

async function checkLiveAppOnce(tenantId: string, state: DeployState, deps: VerifyDeps): Promise<CheckResult[]> {
  const env = getEnv();
  const appUrl = state.row.appUrl;
  const policy = { allowLoopback: env.allowLocalTargets };
  // No redirects: the live URL is where the app answers (its APP_URL and the token's audience), and
  // a token must never follow a redirect anywhere. A redirect is reported with the fix instead.
  const base = { timeoutMs: env.checkTimeoutMs, maxBytes: MAX_BODY_BYTES, maxRedirects: 0, policy, resolver: deps.resolver, ca: deps.ca };

  let statsBody: string | null = null;
  const checks: CheckResult[] =
    !appUrl || !state.row.jwtSecretEncrypted
      ? [
          {
            id: "config.complete",
            title: "Configuration complete",
            status: "fail",
            detail: "Enter the live URL and generate secrets first.",
            fix: fixAt("Complete the earlier steps.", appUrl ? "secrets" : "url"),
          },
        ]
      : await Promise.all([
          timedCheck("live.health", "GET /health", async () => judgeHealth(await safeFetch(`${appUrl}/health`, base), appUrl)),
          timedCheck("live.ready", "GET /ready", async () =>
            judgeReady(await safeFetch(`${appUrl}/ready`, base), appUrl, { databasePrivate: state.row.dbPrivate }),
          ),
          timedCheck("live.stats", "GET /api/dashboard/stats (signed token)", async () => {
            const token = await signVerifierToken({ secret: openJwtSecret(tenantId, state.row.jwtSecretEncrypted!), audience: appUrl });
            const result = await safeFetch(`${appUrl}/api/dashboard/stats`, {
              ...base,
              headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
            });
            statsBody = result.ok && result.status === 200 ? result.body : null;
            return judgeStats(result, { appUrl, encryptionKeyFingerprint: state.row.encryptionKeyFingerprint, workspaceId: tenantId });
          }),
          timedCheck("live.certificate", "HTTPS certificate", async () =>
            judgeCertificate(
              appUrl.startsWith("https://")
                ? await inspectCertificate(appUrl, { timeoutMs: env.checkTimeoutMs, policy, resolver: deps.resolver, ca: deps.ca })
                : null,
              appUrl,
            ),
          ),
        ]);

  if (statsBody !== null && checks.find((check) => check.id === "live.stats")?.status === "pass") {
    const body = statsBody;
    checks.push(
      await timedCheck("live.module-keys", "Module keys on the instance (by fingerprint)", async () => judgeModuleKeys(body, expectedModuleKeys(state))),
    );
  }
  return checks;
}

export async function runVerification(ctx: Pick<TenantContext, "tenant" | "user" | "origin">, deps: LiveCheckDeps = {}) {
  const startedAt = new Date();
  const state = deps.state ?? (await deployState(ctx.tenant.id));
  const checks = await checkLiveApp(ctx.tenant.id, state, deps);

  // The hand-over: only when every call passed and the instance is this workspace's (empty, or already serving it).
  if (checks.length > 1 && checks.every((check) => check.status !== "fail") && checks.find((check) => check.id === "live.stats")?.code === "right_app") {
    checks.push(
      await timedCheck("live.handover", "Hand-over of the workspace (POST /api/instance/handover, signed)", () => handOver(ctx, state, deps.resolver)),
    );
  }

  return recordRun(ctx, {
    kind: "verify",
    deployConfigId: state.row.id,
    configRevision: state.row.revision,
    checks,
    startedAt,
    actions: { passed: "DEPLOY_VERIFIED", failed: "DEPLOY_VERIFY_FAILED" },
  });
}
