import { statement } from "~/db/statements.server";
import type { DeployConfigRow } from "./deploy-config.server";

/** The deploy state's reads (deploy-config.server.ts), kept apart so that the bench's reference (scripts/bench/reference) sends the very same statements. */
export type LatestRunRow = {
  id: string;
  kind: "preflight" | "verify";
  status: "passed" | "failed";
  configRevision: number;
  resultsJson: unknown;
  finishedAt: Date;
};

/** The latest pre-flight and the latest verification (by finish time, then id when two finished in
 * the same millisecond), in one statement: for each kind, one probe of the index on (tenantId, kind,
 * finishedAt DESC, id DESC) and LIMIT 1, so a page costs the same at 50 runs and at 50,000. (DISTINCT
 * ON would read and sort every run of the workspace.) */
export const LATEST_RUNS = statement<LatestRunRow>(
  "latest_runs",
  `SELECT run."id", run."kind"::text AS "kind", run."status"::text AS "status", run."configRevision", run."resultsJson",
          run."finishedAt" AT TIME ZONE 'UTC' AS "finishedAt"
   FROM unnest(ARRAY['preflight', 'verify']::"DeployRunKind"[]) AS wanted("kind")
   CROSS JOIN LATERAL (
     SELECT "id", "kind", "status", "configRevision", "resultsJson", "finishedAt" FROM "DeployRun"
     WHERE "tenantId" = $1 AND "kind" = wanted."kind"
     ORDER BY "finishedAt" DESC, "id" DESC
     LIMIT 1
   ) AS run`,
);

/** The configuration (every column of CONFIG_SELECT) with the enabled modules, in one statement. */
export const CONFIG_WITH_MODULES = statement<DeployConfigRow & { modules: string[] }>(
  "deploy_config_with_modules",
  `SELECT c."id", c."tenantId", c."provider"::text AS "provider", c."appUrl", c."status"::text AS "status",
          c."dbUrlEncrypted", c."dbUrlMasked", c."dbPrivate", c."dbCheck", c."jwtSecretEncrypted", c."jwtSecretFingerprint", c."encryptionKeyFingerprint",
          c."sessionSecretFingerprint", c."secretsGeneratedAt" AT TIME ZONE 'UTC' AS "secretsGeneratedAt", c."optionalKeysEncrypted",
          c."revision", c."liveAt" AT TIME ZONE 'UTC' AS "liveAt", c."liveByUserId", c."updatedAt" AT TIME ZONE 'UTC' AS "updatedAt",
          ARRAY(SELECT m."module" FROM "TenantModule" m WHERE m."tenantId" = $1 AND m."enabled" ORDER BY m."module") AS "modules"
   FROM "DeployConfig" c
   WHERE c."tenantId" = $1`,
);
