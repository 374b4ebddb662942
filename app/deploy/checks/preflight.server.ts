import { db } from "~/db/client.server";
import { getEnv } from "~/env.server";
import { SETUP_CATALOGUE } from "~/workspace/setup-catalogue";
import type { TenantContext } from "~/tenancy/context.server";
import { MANAGER_ROLES } from "~/tenancy/roles";
import type { CheckResult } from "./check-result";
import { deployState, openSecret, storedOptionalKeys, type DeployState } from "~/deploy/config/deploy-config.server";
import { probeDatabase, type DatabaseProbeResult } from "./database-probe.server";
import { databaseTarget, parseDatabaseUrl, type ParsedDatabaseUrl } from "~/deploy/config/database-url";
import type { Resolver } from "~/deploy/checks/net/address-policy.server";
import { openOptionalKey } from "~/deploy/config/optional-keys.server";
import { OPTIONAL_KEY_SPECS, OPTIONAL_KEYS, missingKeysForModules } from "~/deploy/config/optional-keys";
import { recordRun, timedCheck } from "./runs.server";
import { stepById } from "~/deploy/wizard/steps";

/**
 * Step F / POST /api/deploy/preflight: every pre-flight check, run concurrently, stored as a
 * DeployRun and audited. Any "fail" blocks going live; each failure links to what fixes it.
 */
/** `state`: the deploy state the route's step guard has just read, so the run does not read it again
 * before its checks start. */
export type PreflightDeps = { probe?: typeof probeDatabase; resolver?: Resolver; state?: DeployState };

const fixAt = (text: string, href: string) => ({ text, href });

export function checkConfigComplete(state: DeployState): Omit<CheckResult, "id" | "title" | "timingMs"> {
  const missing = (["provider", "url", "database", "secrets"] as const).filter((id) => !state.progress.done[id]);
  if (missing.length === 0) return { status: "pass", detail: "Provider, live URL, database URL and generated secrets are all on record.", fix: null };
  const first = stepById(missing[0]!);
  return {
    status: "fail",
    detail: `Missing: ${missing.map((id) => stepById(id).title.toLowerCase()).join(", ")}.`,
    fix: fixAt(`Complete step ${first.letter} (${first.title}).`, first.path),
  };
}

export function requiredEnvVariables(state: DeployState) {
  const have: Record<string, boolean> = {
    DATABASE_URL: state.facts.hasDatabaseUrl,
    JWT_SECRET: state.row.jwtSecretFingerprint !== null,
    ENCRYPTION_KEY: state.row.encryptionKeyFingerprint !== null,
    SESSION_SECRET: state.row.sessionSecretFingerprint !== null,
    APP_URL: state.facts.appUrl !== null,
    NODE_ENV: true,
  };
  const stored = new Set(Object.keys(storedOptionalKeys(state.row)));
  const moduleMissing = missingKeysForModules(state.modules, stored as Set<(typeof OPTIONAL_KEYS)[number]>);
  return {
    missing: [
      ...Object.entries(have)
        .filter(([, ok]) => !ok)
        .map(([name]) => name),
      ...moduleMissing,
    ],
    count: Object.keys(have).length,
  };
}

export function checkEnvRequired(state: DeployState): Omit<CheckResult, "id" | "title" | "timingMs"> {
  const { missing } = requiredEnvVariables(state);
  if (missing.length === 0) {
    return {
      status: "pass",
      detail: `Every variable the live app needs has a value on record${state.modules.length ? `, including the keys of ${state.modules.join(", ")}` : ""}.`,
      fix: null,
    };
  }
  const secretsMissing = missing.some((name) => ["JWT_SECRET", "ENCRYPTION_KEY", "SESSION_SECRET"].includes(name));
  const step = missing.includes("DATABASE_URL") ? "database" : missing.includes("APP_URL") ? "url" : secretsMissing ? "secrets" : "keys";
  return {
    status: "fail",
    detail: `No value on record for: ${missing.join(", ")}.`,
    fix: fixAt(`Add them in step ${stepById(step).letter} (${stepById(step).title}).`, stepById(step).path),
  };
}

export async function checkAdminsPresent(tenantId: string): Promise<Omit<CheckResult, "id" | "title" | "timingMs">> {
  const count = await db().membership.count({ where: { tenantId, active: true, role: { in: [...MANAGER_ROLES] } } });
  return count > 0
    ? { status: "pass", detail: `${count} active owner${count === 1 ? "" : "s"} or admin${count === 1 ? "" : "s"}.`, fix: null }
    : {
        status: "fail",
        detail: "Nobody can manage this workspace once it is live.",
        fix: fixAt("Give at least one active person the Owner or Admin role.", "/dashboard/team"),
      };
}

export function checkModulesValid(state: DeployState): Omit<CheckResult, "id" | "title" | "timingMs"> {
  const stored = storedOptionalKeys(state.row);
  const problems: string[] = [];
  const warnings: string[] = [];
  const present = new Set(OPTIONAL_KEYS.filter((name) => stored[name]));
  problems.push(...missingKeysForModules(state.modules, present).map((name) => `${name} is missing`));
  for (const name of OPTIONAL_KEYS) {
    const spec = OPTIONAL_KEY_SPECS[name];
    if (!state.modules.includes(spec.module) || !stored[name]) continue;
    const value = openOptionalKey(state.row.tenantId, name, stored);
    if (!value || !spec.format.test(value)) problems.push(`${name} is malformed (${spec.formatHint})`);
    else if (name === "PAYMENTS_SECRET_KEY" && value.startsWith("sk_test_"))
      warnings.push("PAYMENTS_SECRET_KEY is a test-mode key: real payments will not be taken");
  }
  if (problems.length)
    return {
      status: "fail",
      detail: problems.join("; ") + ".",
      fix: fixAt("Enter the keys of your enabled modules in step E, or turn the module off.", stepById("keys").path),
    };
  if (warnings.length)
    return { status: "warn", detail: warnings.join("; ") + ".", fix: fixAt("Use a live key before taking real payments.", stepById("keys").path) };
  return {
    status: "pass",
    detail: state.modules.length ? `Enabled modules are configured: ${state.modules.join(", ")}.` : "No optional modules are enabled.",
    fix: null,
  };
}

export async function checkSetupComplete(tenantId: string): Promise<Omit<CheckResult, "id" | "title" | "timingMs">> {
  const done = new Set((await db().setupItem.findMany({ where: { tenantId, done: true }, select: { key: true } })).map((row) => row.key));
  const missing = SETUP_CATALOGUE.filter((item) => item.required && !done.has(item.key));
  if (missing.length === 0) return { status: "pass", detail: "Every required setup item is done.", fix: null };
  return {
    status: "fail",
    detail: `Required setup items not done: ${missing.map((item) => item.title).join("; ")}.`,
    // To the item itself on the checklist page, which links back to pre-flight.
    fix: fixAt(
      `Finish "${missing[0]!.title}"${missing.length > 1 ? " and the other required items" : ""} on the setup checklist, then run pre-flight again.`,
      `/dashboard/setup#${missing[0]!.key}`,
    ),
  };
}

export function describeDatabaseProbe(result: DatabaseProbeResult, url?: Pick<ParsedDatabaseUrl, "sslmode">): Omit<CheckResult, "id" | "title" | "timingMs"> {
  if (!result.ok) return { status: "fail", detail: result.detail, fix: fixAt(result.fix, stepById("database").path) };
  const connected = `Connected and ran a query in ${result.latencyMs} ms (${result.serverVersion})`;
  if (url?.sslmode === "disable") {
    return {
      status: "warn",
      detail: `${connected}, without encryption: DATABASE_URL says sslmode=disable, so the password and every query cross the network readable by anyone on the way.`,
      fix: fixAt(
        "Turn on TLS for the database at your provider and remove sslmode=disable from DATABASE_URL (or use sslmode=require).",
        stepById("database").path,
      ),
    };
  }
  return { status: "pass", detail: `${connected}.`, fix: null };
}

export async function checkDatabaseReachable(state: DeployState, deps: PreflightDeps): Promise<Omit<CheckResult, "id" | "title" | "timingMs">> {
  if (!state.row.dbUrlEncrypted) {
    return { status: "fail", detail: "No database URL on record.", fix: fixAt("Enter your DATABASE_URL in step C.", stepById("database").path) };
  }
  const parsed = parseDatabaseUrl(openSecret(state.row.tenantId, "dbUrl", state.row.dbUrlEncrypted));
  if (!parsed.ok) return { status: "fail", detail: parsed.message, fix: fixAt("Enter the database URL again in step C.", stepById("database").path) };
  // Only the host reaches it (the owner said so in step C): not called from here, checked from inside at verification.
  if (state.row.dbPrivate) {
    return {
      status: "pass",
      detail: "Only your host reaches this database (your choice in step C): verification checks it from inside your app, through its /ready.",
      fix: null,
      target: databaseTarget(parsed.value),
    };
  }
  const env = getEnv();
  const result = await (deps.probe ?? probeDatabase)(parsed.value, {
    timeoutMs: env.checkTimeoutMs,
    policy: { allowLoopback: env.allowLocalTargets },
    resolver: deps.resolver,
  });
  // Which server was called is part of the record (never the user name or password).
  return { ...describeDatabaseProbe(result, parsed.value), target: databaseTarget(parsed.value) };
}

export async function runPreflight(ctx: Pick<TenantContext, "tenant" | "user" | "origin">, deps: PreflightDeps = {}) {
  const startedAt = new Date();
  const state = deps.state ?? (await deployState(ctx.tenant.id));
  const checks = await Promise.all([
    timedCheck("config.complete", "Configuration complete", async () => checkConfigComplete(state)),
    timedCheck("database.reachable", "Database reachable", () => checkDatabaseReachable(state, deps)),
    timedCheck("env.required", "Required environment", async () => checkEnvRequired(state)),
    timedCheck("admins.present", "Owners and admins", () => checkAdminsPresent(ctx.tenant.id)),
    timedCheck("modules.valid", "Modules configured", async () => checkModulesValid(state)),
    timedCheck("setup.complete", "Setup checklist", () => checkSetupComplete(ctx.tenant.id)),
  ]);
  return recordRun(ctx, {
    kind: "preflight",
    deployConfigId: state.row.id,
    configRevision: state.row.revision,
    checks,
    startedAt,
    actions: { passed: "PREFLIGHT_PASSED", failed: "PREFLIGHT_FAILED" },
  });
}
