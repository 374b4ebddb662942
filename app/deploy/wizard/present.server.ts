import { getEnv } from "~/env.server";
import type { BundleVariable } from "~/deploy/config/env-bundle";
import { renderEnvBundle } from "~/deploy/config/env-bundle";
import { openSecret, storedOptionalKeys, type DeployState } from "~/deploy/config/deploy-config.server";
import { OPTIONAL_KEY_SPECS, OPTIONAL_KEYS } from "~/deploy/config/optional-keys";
import { isProviderId } from "~/deploy/config/providers";
import { deployBadgeFor } from "./state";
import { WIZARD_STEPS } from "./steps";
import { describeSecret, GENERATED_SECRETS, SECRET_DESCRIPTIONS, type SecretValues, type StoredSecrets } from "~/deploy/secrets/secrets.server";

/**
 * The variables the live instance needs, in order. Secret values are included only when this
 * response is the one that generated them (`secrets`); otherwise they are placeholders. The
 * database URL the owner entered in step C is written out once, in the bundle of the first
 * generation (so that bundle is complete); a rotation's bundle names it masked: the host already
 * has it, and the response that shows new secrets does not show an old one again.
 */
export function bundleVariables(state: DeployState, secrets?: SecretValues, options: { rotated?: boolean } = {}): BundleVariable[] {
  const stored = storedOptionalKeys(state.row);
  const databaseUrl = secrets && !options.rotated && state.row.dbUrlEncrypted ? openSecret(state.row.tenantId, "dbUrl", state.row.dbUrlEncrypted) : null;
  const variables: BundleVariable[] = [
    { name: "NODE_ENV", value: "production", secret: false },
    // The deployed app serves this one workspace: no sign-up, no workspace switcher, no Deploy Wizard.
    { name: "GOLIVE_MODE", value: "instance", secret: false },
    { name: "APP_URL", value: state.row.appUrl, secret: false, note: state.row.appUrl ? undefined : "enter the live URL in step B" },
    {
      name: "DATABASE_URL",
      value: databaseUrl,
      secret: true,
      note: state.row.dbUrlMasked ? `the URL you entered in step C (${state.row.dbUrlMasked})` : "enter it in step C",
    },
    { name: "JWT_SECRET", value: secrets?.JWT_SECRET ?? null, secret: true, note: "shown once when generated" },
    { name: "ENCRYPTION_KEY", value: secrets?.ENCRYPTION_KEY ?? null, secret: true, note: "shown once when generated" },
    { name: "SESSION_SECRET", value: secrets?.SESSION_SECRET ?? null, secret: true, note: "shown once when generated" },
  ];
  // Managed hosts put one proxy in front of the app; Docker users set it for their own proxy (DEPLOY.md).
  if (state.row.provider && state.row.provider !== "DOCKER") variables.splice(3, 0, { name: "TRUST_PROXY", value: "1", secret: false });
  for (const name of OPTIONAL_KEYS) {
    if (!state.modules.includes(OPTIONAL_KEY_SPECS[name].module) || !stored[name]) continue;
    variables.push({ name, value: null, secret: true, note: `the key you entered in step E (${stored[name]!.masked})` });
  }
  return variables;
}

export function envBundle(state: DeployState, secrets?: SecretValues, options: { rotated?: boolean } = {}) {
  if (!state.row.provider || !isProviderId(state.row.provider)) return null;
  return renderEnvBundle(state.row.provider, bundleVariables(state, secrets, options));
}

/** Where step D leads: step E, or pre-flight while step E is skipped (no module enabled). */
export function stepAfterSecrets(state: DeployState) {
  return state.modules.length ? { path: "/dashboard/deploy/keys", title: "optional keys" } : { path: "/dashboard/deploy/preflight", title: "pre-flight" };
}

/** The masked view of a tenant's deploy state: GET /api/deploy/config and the wizard pages. */
export function presentDeployState(state: DeployState, canManage = true) {
  const stored = storedOptionalKeys(state.row);
  return {
    status: state.row.status,
    revision: state.row.revision,
    provider: state.row.provider,
    appUrl: state.row.appUrl,
    databaseUrl: state.row.dbUrlMasked,
    databasePrivate: state.row.dbPrivate,
    secrets: state.row.secretsGeneratedAt
      ? {
          generatedAt: state.row.secretsGeneratedAt.toISOString(),
          fingerprints: {
            JWT_SECRET: state.row.jwtSecretFingerprint,
            ENCRYPTION_KEY: state.row.encryptionKeyFingerprint,
            SESSION_SECRET: state.row.sessionSecretFingerprint,
          },
        }
      : null,
    optionalKeys: Object.fromEntries(OPTIONAL_KEYS.filter((name) => stored[name]).map((name) => [name, stored[name]!.masked])),
    modulesEnabled: state.modules,
    liveAt: state.row.liveAt?.toISOString() ?? null,
    // Step E is skipped (not listed, not linked) while no module that takes keys is enabled.
    steps: WIZARD_STEPS.map((step) => ({
      id: step.id,
      letter: step.letter,
      title: step.title,
      path: step.path,
      done: state.progress.done[step.id],
      skipped: step.id === "keys" && state.modules.length === 0,
    })),
    nextStep: state.progress.firstIncomplete,
    latest: {
      preflight: state.latest.preflight && {
        id: state.latest.preflight.id,
        status: state.latest.preflight.status,
        stale: state.progress.stale.preflight,
        finishedAt: state.latest.preflight.finishedAt,
      },
      verify: state.latest.verify && {
        id: state.latest.verify.id,
        status: state.latest.verify.status,
        stale: state.progress.stale.verify,
        finishedAt: state.latest.verify.finishedAt,
      },
    },
    badge: deployBadgeFor(state.facts, state.latest, canManage),
    allowLocalTargets: getEnv().allowLocalTargets,
  };
}

/**
 * The one answer that shows secret values (step D's page and POST /api/env/generate alike): each
 * value with its encoding, length, fingerprint and purpose, and the env bundle with the values in.
 */
export function presentStoredSecrets(state: DeployState, stored: StoredSecrets) {
  return {
    rotated: stored.rotated,
    secrets: GENERATED_SECRETS.map((name) => ({
      name,
      value: stored.secrets[name],
      ...describeSecret(stored.secrets[name])!,
      purpose: SECRET_DESCRIPTIONS[name],
    })),
    bundle: envBundle(state, stored.secrets, { rotated: stored.rotated }),
  };
}
