import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, openSync } from "node:fs";
import pg from "pg";

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

export async function startLiveInstance(input: { port: number; databaseUrl: string; secrets: { JWT_SECRET: string; ENCRYPTION_KEY: string; SESSION_SECRET: string }; logName: string }): Promise<LiveInstance> {
  const url = `http://127.0.0.1:${input.port}`;
  mkdirSync(".tmp", { recursive: true });
  const log = openSync(`.tmp/${input.logName}.log`, "a");
  const child: ChildProcess = spawn(process.execPath, ["server.js"], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      PORT: String(input.port),
      HOST: "127.0.0.1",
      APP_URL: url,
      DATABASE_URL: input.databaseUrl,
      ...input.secrets,
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", log, log],
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`live instance exited with ${child.exitCode}; see .tmp/${input.logName}.log`);
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error("live instance did not start within 30 s");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
