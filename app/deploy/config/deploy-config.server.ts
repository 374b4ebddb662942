import type { AppLoadContext } from "@remix-run/node";
import { audit, type AuditAction } from "~/audit/audit.server";
import { platformBox } from "~/crypto/platform-box.server";
import { db, runStatement } from "~/db/client.server";
import { CONFIG_WITH_MODULES, LATEST_RUNS, type LatestRunRow } from "./deploy-state-statements.server";
import { cachedRead } from "~/db/read-cache.server";
import type { Prisma } from "~/generated/prisma/client";
import { memoize } from "~/http/load-context.server";
import type { ModuleName } from "~/workspace/module-catalogue";
import type { TenantContext } from "~/tenancy/context.server";
import { boundRunChecks, type CheckResult } from "~/deploy/checks/check-result";
import { OPTIONAL_KEYS, missingKeysForModules, type OptionalKeyName } from "./optional-keys";
import type { ProviderId } from "./providers";
import { deployProgress, type ConfigFacts, type RunFacts } from "~/deploy/wizard/state";

/**
 * The tenant's deploy configuration: one row per tenant, changed only through `changeDeployConfig`,
 * which locks the row, applies a change, bumps the revision when something really changed (so old
 * check results become stale), recomputes the status and writes one audit row, all in one
 * transaction. Two devices saving at once therefore produce one consistent row and one audit row
 * per real change.
 */
export type Tx = Prisma.TransactionClient;
export type StoredOptionalKey = { sealed: string; masked: string };
export type StoredOptionalKeys = Partial<Record<OptionalKeyName, StoredOptionalKey>>;

const CONFIG_SELECT = {
  id: true,
  tenantId: true,
  provider: true,
  appUrl: true,
  status: true,
  dbUrlEncrypted: true,
  dbUrlMasked: true,
  dbPrivate: true,
  dbCheck: true,
  jwtSecretEncrypted: true,
  jwtSecretFingerprint: true,
  encryptionKeyFingerprint: true,
  sessionSecretFingerprint: true,
  secretsGeneratedAt: true,
  optionalKeysEncrypted: true,
  revision: true,
  liveAt: true,
  liveByUserId: true,
  updatedAt: true,
} satisfies Prisma.DeployConfigSelect;

export type DeployConfigRow = Prisma.DeployConfigGetPayload<{ select: typeof CONFIG_SELECT }>;

export function storedOptionalKeys(row: Pick<DeployConfigRow, "optionalKeysEncrypted">): StoredOptionalKeys {
  const value = row.optionalKeysEncrypted;
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  const out: StoredOptionalKeys = {};
  for (const name of OPTIONAL_KEYS) {
    const entry = (value as Record<string, unknown>)[name] as StoredOptionalKey | undefined;
    if (entry && typeof entry.sealed === "string" && typeof entry.masked === "string") out[name] = entry;
  }
  return out;
}

export async function enabledModules(tenantId: string, client: Pick<Tx, "tenantModule"> = db()) {
  const rows = await client.tenantModule.findMany({ where: { tenantId, enabled: true }, select: { module: true } });
  return rows.map((row) => row.module as ModuleName);
}

export function configFacts(row: DeployConfigRow, modules: ModuleName[]): ConfigFacts {
  return {
    status: row.status,
    revision: row.revision,
    provider: row.provider,
    appUrl: row.appUrl,
    hasDatabaseUrl: row.dbUrlEncrypted !== null,
    hasSecrets: row.secretsGeneratedAt !== null,
    missingModuleKeys: missingKeysForModules(modules, new Set(Object.keys(storedOptionalKeys(row)) as OptionalKeyName[])),
  };
}

/** The row, created empty on first use (a read on every later page view, not a write). */
export async function loadDeployConfig(tenantId: string, client: Pick<Tx, "deployConfig"> = db()): Promise<DeployConfigRow> {
  const row = await client.deployConfig.findUnique({ where: { tenantId }, select: CONFIG_SELECT });
  return row ?? createDeployConfig(tenantId, client);
}

/** The empty row; an upsert, so two first visits at once create one row. */
function createDeployConfig(tenantId: string, client: Pick<Tx, "deployConfig"> = db()): Promise<DeployConfigRow> {
  return client.deployConfig.upsert({ where: { tenantId }, create: { tenantId }, update: {}, select: CONFIG_SELECT });
}

function toRunFacts(run: LatestRunRow | undefined): RunFacts | null {
  if (!run) return null;
  const results = run.resultsJson as { checks?: CheckResult[] } | null;
  return {
    id: run.id,
    status: run.status,
    configRevision: run.configRevision,
    checks: boundRunChecks(results?.checks ?? []),
    finishedAt: run.finishedAt.toISOString(),
  };
}

export async function latestRuns(tenantId: string, tx?: Pick<Tx, "$queryRawUnsafe">) {
  const rows = await runStatement(LATEST_RUNS, [tenantId], tx);
  return { preflight: toRunFacts(rows.find((row) => row.kind === "preflight")), verify: toRunFacts(rows.find((row) => row.kind === "verify")) };
}

/**
 * Everything a wizard page or GET /api/deploy/config needs, masked: two statements (the
 * configuration with the enabled modules, and the latest runs), or none while the embedded
 * database has not changed since they were read (app/db/read-cache.server.ts). Given a page's load
 * context, the layouts and the step of one GET share one read.
 */
export function deployState(tenantId: string, context?: AppLoadContext): Promise<DeployState> {
  return memoize(context, `deploy-state:${tenantId}`, async () => {
    const state = await cachedRead(`deploy-state:${tenantId}`, () => readDeployState(tenantId));
    if (state) return state;
    // A workspace's first visit: its empty configuration is written outside the cached read (a
    // cached read only reads), then read like any other.
    await createDeployConfig(tenantId);
    return (await cachedRead(`deploy-state:${tenantId}`, () => readDeployState(tenantId)))!;
  });
}

async function readDeployState(tenantId: string) {
  const [[found], latest] = await Promise.all([runStatement(CONFIG_WITH_MODULES, [tenantId]), latestRuns(tenantId)]);
  if (!found) return null;
  const { modules: enabled, ...row } = found;
  const modules = enabled as ModuleName[];
  const facts = configFacts(row, modules);
  return { row: row as DeployConfigRow, facts, modules, latest, progress: deployProgress(facts, latest) };
}
export type DeployState = NonNullable<Awaited<ReturnType<typeof readDeployState>>>;

type ConfigData = Partial<
  Pick<
    Prisma.DeployConfigUncheckedUpdateInput,
    | "provider"
    | "appUrl"
    | "dbUrlEncrypted"
    | "dbUrlMasked"
    | "dbPrivate"
    | "jwtSecretEncrypted"
    | "jwtSecretFingerprint"
    | "encryptionKeyFingerprint"
    | "sessionSecretFingerprint"
    | "secretsGeneratedAt"
    | "optionalKeysEncrypted"
  >
>;

export type ConfigChange = {
  /** Fields to write (or a function of the locked row that returns them). */
  data: ConfigData | ((row: DeployConfigRow) => ConfigData);
  /** Compare only these (e.g. the masked URL and fingerprints; ciphertexts differ every time). */
  compare: (row: DeployConfigRow) => boolean;
  /** The audit action, or a function of the locked row that picks it. */
  action: AuditAction | ((row: DeployConfigRow) => AuditAction);
  metadata: Record<string, unknown>;
  /** Always counts as a change (secret generation). */
  force?: boolean;
};

export async function changeDeployConfig(ctx: Pick<TenantContext, "tenant" | "user" | "origin">, change: ConfigChange) {
  return db().$transaction(async (tx) => {
    await loadDeployConfig(ctx.tenant.id, tx);
    await tx.$executeRaw`SELECT 1 FROM "DeployConfig" WHERE "tenantId" = ${ctx.tenant.id} FOR UPDATE`;
    const row = await tx.deployConfig.findUniqueOrThrow({ where: { tenantId: ctx.tenant.id }, select: CONFIG_SELECT });
    const unchanged = !change.force && change.compare(row);
    if (unchanged) return { changed: false as const, row };
    const data = typeof change.data === "function" ? change.data(row) : change.data;
    const action = typeof change.action === "function" ? change.action(row) : change.action;
    const written = await tx.deployConfig.update({ where: { tenantId: ctx.tenant.id }, data: { ...data, revision: { increment: 1 } }, select: CONFIG_SELECT });
    const facts = configFacts(written, await enabledModules(ctx.tenant.id, tx));
    // A change to what was verified sends a live tenant back to "configured": it must pass pre-flight and verification again.
    const status = facts.provider && facts.appUrl && facts.hasDatabaseUrl && facts.hasSecrets ? "configured" : "draft";
    const final =
      written.status === status ? written : await tx.deployConfig.update({ where: { tenantId: ctx.tenant.id }, data: { status }, select: CONFIG_SELECT });
    await audit(ctx, action, { ...change.metadata, revision: final.revision, status: final.status }, tx);
    return { changed: true as const, row: final };
  });
}

export function saveProvider(ctx: Pick<TenantContext, "tenant" | "user" | "origin">, provider: ProviderId) {
  return changeDeployConfig(ctx, {
    data: { provider },
    compare: (row) => row.provider === provider,
    action: "DEPLOY_CONFIG_SAVED",
    metadata: { field: "provider", provider },
  });
}

export function saveAppUrl(ctx: Pick<TenantContext, "tenant" | "user" | "origin">, appUrl: string) {
  return changeDeployConfig(ctx, {
    data: { appUrl },
    compare: (row) => row.appUrl === appUrl,
    action: "DEPLOY_CONFIG_SAVED",
    metadata: { field: "appUrl", appUrl },
  });
}

/** `privateOnly`: only the host reaches this database; the platform does not probe it (verification checks it from inside). */
export function saveDatabaseUrl(
  ctx: Pick<TenantContext, "tenant" | "user" | "origin">,
  input: { canonical: string; masked: string },
  options: { privateOnly?: boolean } = {},
) {
  const privateOnly = options.privateOnly ?? false;
  return changeDeployConfig(ctx, {
    data: { dbUrlEncrypted: sealSecret(ctx.tenant.id, "dbUrl", input.canonical), dbUrlMasked: input.masked, dbPrivate: privateOnly },
    // Ciphertexts differ on every seal, so "unchanged" means the stored URL opens to the same text.
    compare: (row) =>
      row.dbUrlEncrypted !== null && row.dbPrivate === privateOnly && openSecret(ctx.tenant.id, "dbUrl", row.dbUrlEncrypted) === input.canonical,
    action: "DEPLOY_CONFIG_SAVED",
    metadata: { field: "databaseUrl", databaseUrl: input.masked, privateOnly },
  });
}

export function openSecret(tenantId: string, field: string, sealed: string) {
  return platformBox().open(sealed, { tenantId, field });
}

export function sealSecret(tenantId: string, field: string, plaintext: string) {
  return platformBox().seal(plaintext, { tenantId, field });
}
