import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { closeDatabase, db, openDatabase } from "~/db/client.server";
import { parseEnv, setEnvForTests, type Env } from "~/env.server";
import { SETUP_CATALOGUE } from "~/workspace/setup-catalogue";
import { MODULES } from "~/workspace/module-catalogue";
import type { RoleName } from "~/tenancy/roles";
import { canConnectToPostgres } from "./app-process";

export const TEST_POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

/** Fixed test secrets (base64 of 32 bytes), so encrypted values are reproducible within a run. */
export const TEST_SECRETS = {
  ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
  SESSION_SECRET: Buffer.alloc(32, 8).toString("base64"),
  JWT_SECRET: Buffer.alloc(32, 9).toString("base64"),
};

export function testEnv(overrides: Record<string, string> = {}): Env {
  const env = parseEnv({
    NODE_ENV: "test",
    DATA_DIR: mkdtempSync(path.join(tmpdir(), "golive-test-")),
    APP_URL: "http://localhost:3999",
    // A live URL that does not answer fails at once (tests that need the wake-up window set it).
    LIVE_WAKE_SECONDS: "0",
    ...TEST_SECRETS,
    ...overrides,
  });
  setEnvForTests(env);
  return env;
}

export function isPostgresReachable() {
  return canConnectToPostgres(TEST_POSTGRES_ADMIN_URL, 1500);
}

/** The databases integration tests run on: always PGlite; PostgreSQL when reachable (CI makes sure it is). */
export const DATABASE_KINDS = ["pglite", ...((await isPostgresReachable()) || process.env.CI ? (["postgres"] as const) : [])] as const;

/**
 * A fresh, migrated database for this test file: in-memory PGlite, or a new database on the local
 * PostgreSQL that is dropped afterwards. Call at the top of a describe block.
 */
export function useTestDatabase(kind: "pglite" | "postgres" = "pglite", envOverrides: Record<string, string> = {}) {
  let dropDatabase: (() => Promise<void>) | undefined;
  let postgresUrl: string | undefined;
  beforeAll(async () => {
    testEnv(envOverrides);
    if (kind === "pglite") {
      await openDatabase({ kind: "pglite", dir: "memory://" });
      return;
    }
    const name = `golive_test_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: TEST_POSTGRES_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(TEST_POSTGRES_ADMIN_URL);
    url.pathname = `/${name}`;
    postgresUrl = url.toString();
    await openDatabase({ kind: "postgres", url: postgresUrl });
    dropDatabase = async () => {
      const client = new pg.Client({ connectionString: TEST_POSTGRES_ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    };
  });
  afterAll(async () => {
    await closeDatabase();
    await dropDatabase?.();
  });
  return {
    /** The PostgreSQL database's URL, for a second connection playing another instance. */
    postgresUrl: () => {
      if (!postgresUrl) throw new Error("no PostgreSQL database: useTestDatabase was given pglite");
      return postgresUrl;
    },
  };
}

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${randomBytes(2).toString("hex")}`;

// A cheap precomputed hash: tests that need sign-in with a password use TEST_PASSWORD.
export const TEST_PASSWORD = "correct horse battery staple";
let passwordHash: Promise<string> | undefined;

/** Factories write rows directly. */
export async function createTenant(input: { name?: string; setupDone?: string[] } = {}) {
  const id = unique();
  const tenant = await db().tenant.create({ data: { slug: `t-${id}`, name: input.name ?? `Tenant ${id}` }, select: { id: true, name: true, slug: true } });
  const done = new Set(input.setupDone ?? []);
  await db().setupItem.createMany({ data: SETUP_CATALOGUE.map((item) => ({ tenantId: tenant.id, key: item.key, done: done.has(item.key) })) });
  await db().tenantModule.createMany({ data: MODULES.map((module) => ({ tenantId: tenant.id, module, enabled: false })) });
  return tenant;
}

export async function createUser(input: { email?: string; name?: string } = {}) {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const id = unique();
  return db().user.create({
    data: { email: input.email ?? `user-${id}@example.test`, name: input.name ?? `User ${id}`, passwordHash: await passwordHash },
    select: { id: true, email: true, name: true },
  });
}

export async function createMember(tenantId: string, role: RoleName, userInput: { email?: string; name?: string } = {}) {
  const user = await createUser(userInput);
  await db().membership.create({ data: { tenantId, userId: user.id, role } });
  return user;
}

/** A tenant-bound context as the routes get it, for calling domain functions directly. */
export function contextFor(tenant: { id: string; name: string; slug: string }, user: { id: string; email: string; name: string }, role: RoleName) {
  return { tenant, user, role, via: "session" as const, sessionId: null, origin: "test 127.0.0.1" };
}
