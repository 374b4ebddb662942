import { randomBytes } from "node:crypto";
import pg from "pg";
import { startAppProcess } from "../helpers/app-process";

/**
 * A second instance of this very build, started on loopback as a tenant's "live" app: its own
 * PostgreSQL database, the secrets the wizard generated, NODE_ENV=production.
 */
export const TENANT_DB_USER = "golive_app";
export const TENANT_DB_PASSWORD = "golive-app-password";
const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

/** A fresh database owned by the password-authenticated role that scripts/prepare-postgres.sh creates. */
export async function createTenantDatabase() {
  const name = `golive_e2e_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} OWNER ${TENANT_DB_USER}`);
  await admin.end();
  return {
    name,
    url: `postgresql://${TENANT_DB_USER}:${TENANT_DB_PASSWORD}@127.0.0.1:5432/${name}`,
    drop: async () => {
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export type LiveInstance = { url: string; stop: () => Promise<void> };

export async function startLiveInstance(input: {
  port: number;
  databaseUrl: string;
  secrets: { JWT_SECRET: string; ENCRYPTION_KEY: string; SESSION_SECRET: string };
  logName: string;
}): Promise<LiveInstance> {
  const app = await startAppProcess({
    port: input.port,
    // GOLIVE_MODE=instance, as the env bundle sets it: the deployed app serves one workspace.
    env: { GOLIVE_MODE: "instance", DATABASE_URL: input.databaseUrl, ...input.secrets, LOG_LEVEL: "info" },
    logFile: `.tmp/${input.logName}.log`,
    appendLog: true,
    readyPath: "/health",
    timeoutMs: 30_000,
  });
  return { url: app.url, stop: app.stop };
}
