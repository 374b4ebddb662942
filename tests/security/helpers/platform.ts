import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import net from "node:net";
import pg from "pg";
import { stopAppProcess } from "../../helpers/app-process";
import { DATABASE_KINDS, TEST_POSTGRES_ADMIN_URL, TEST_SECRETS } from "../../helpers/db";
import { ROOT } from "./routes";

/**
 * The built app (`node server.js`) as a separate process on a loopback port in 4600–4699, for what
 * only the real HTTP server shows: headers, CSRF refusal, rate limits shared by two instances, the
 * platform database going away. Its stdout and stderr (the logs) are kept for inspection.
 */
/** The suites that need the local PostgreSQL run when it is reachable (always in CI, where its absence fails them). */
export const POSTGRES_AVAILABLE = (DATABASE_KINDS as readonly string[]).includes("postgres");

export type PlatformProcess = {
  url: string;
  port: number;
  /** The process id (to read its memory use from /proc). */
  pid: number;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  alive(): boolean;
  stop(): Promise<void>;
};

export async function isPortFree(port: number) {
  return new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** The first free port at or after `preferred`, within 4600–4699. */
export async function securityPort(preferred: number) {
  for (let port = preferred; port < 4700; port++) if (await isPortFree(port)) return port;
  throw new Error(`no free port from ${preferred} to 4699`);
}

/** Waits while someone rebuilds the app (builds hold this lock; a build empties build/ first). */
function waitForBuilds() {
  execFileSync("flock", ["-s", "/tmp/golive-build.lock", "true"], { stdio: "ignore" });
}

/**
 * `exactEnv`: the process gets PATH, PORT and HOST (what a host provides) and `env`, nothing else:
 * no test secrets or defaults that could stand in for a variable `env` lacks. `nodeArgs` go before
 * server.js (e.g. --env-file).
 */
type StartInput = { port: number; env?: Record<string, string>; appUrl?: string; exactEnv?: boolean; nodeArgs?: string[] };

export async function startPlatform(input: StartInput, attempt = 1): Promise<PlatformProcess> {
  waitForBuilds();
  try {
    return await spawnPlatform(input);
  } catch (error) {
    // A build that started between the wait and the spawn: wait for it and try once more.
    if (attempt === 1 && /ERR_MODULE_NOT_FOUND|Cannot find module/.test(String(error))) return startPlatform(input, 2);
    throw error;
  }
}

async function spawnPlatform(input: StartInput): Promise<PlatformProcess> {
  const url = `http://127.0.0.1:${input.port}`;
  let output = "";
  const hostProvided: Record<string, string | undefined> = { PATH: process.env.PATH, PORT: String(input.port), HOST: "127.0.0.1" };
  const defaults: Record<string, string> = { NODE_ENV: "production", APP_URL: input.appUrl ?? url, LOG_LEVEL: "info", SEED_DEMO: "false", ...TEST_SECRETS };
  const child: ChildProcess = spawn(process.execPath, [...(input.nodeArgs ?? []), "server.js"], {
    cwd: ROOT,
    env: { ...hostProvided, ...(input.exactEnv ? {} : defaults), ...input.env } as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`platform exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`platform did not start within 30 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    port: input.port,
    pid: child.pid!,
    output: () => output,
    alive: () => child.exitCode === null && child.signalCode === null,
    stop: () => stopAppProcess(child, 5000),
  };
}

/** A fresh PostgreSQL database for a platform process; the URL carries a password (this server trusts local connections, so it is not checked). */
export async function createPlatformDatabase(password = `platform-db-pw-${randomBytes(4).toString("hex")}`) {
  const name = `golive_sec_${randomBytes(5).toString("hex")}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(TEST_POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  url.password = password;
  return {
    name,
    password,
    url: url.toString(),
    /** A connection to it as the administrator (for reading every table). */
    client: async () => {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      return client;
    },
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

export async function adminQuery(sql: string) {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Every row of every table in the public schema, as JSON text. */
export async function dumpAllTables(client: pg.Client) {
  const tables = await client.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
  );
  const out: Record<string, string[]> = {};
  for (const { table_name } of tables.rows) {
    const rows = await client.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM "${table_name.replace(/"/g, '""')}" t`);
    out[table_name] = rows.rows.map((r) => r.row);
  }
  return out;
}

/** Minimal cookie jar for one signed-in browser. */
export function cookieFrom(response: Response) {
  const setCookie = response.headers.getSetCookie().find((value) => value.includes("golive_session="));
  return setCookie ? setCookie.split(";")[0]! : null;
}
