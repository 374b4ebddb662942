import { spawnSync } from "node:child_process";
import net from "node:net";
import pg from "pg";
import { canConnectToPostgres, startAppProcess } from "../../tests/helpers/app-process";
import { TENANT_DB_PASSWORD, TENANT_DB_USER } from "../../tests/e2e/live-instance";
import { ProofFailure } from "./check";

/** The processes and databases `npm run proof` needs, each on loopback, each stoppable. */
const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

export function build() {
  const flock = spawnSync("sh", ["-c", "command -v flock"], { encoding: "utf8" }).status === 0;
  // Other people on this machine build too: the lock keeps two builds from writing build/ at once.
  const [command, args] = flock ? ["flock", ["/tmp/golive-build.lock", "npm", "run", "-s", "build"]] : ["npm", ["run", "-s", "build"]];
  console.log(`==> ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit" });
  if (result.status !== 0) throw new ProofFailure("npm run build", "exit code 0", `exit code ${result.status}`);
}

/** The tenant databases belong to the password-authenticated role that scripts/prepare-postgres.sh creates. */
export async function ensureTenantRole() {
  const url = `postgresql://${TENANT_DB_USER}:${TENANT_DB_PASSWORD}@127.0.0.1:5432/postgres`;
  if (await canConnectToPostgres(url, 5_000)) return;
  console.log(`==> ${TENANT_DB_USER} cannot log in to PostgreSQL: bash scripts/prepare-postgres.sh`);
  const result = spawnSync("bash", ["scripts/prepare-postgres.sh"], { stdio: "inherit" });
  if (result.status !== 0 || !(await canConnectToPostgres(url, 5_000))) {
    throw new ProofFailure(`PostgreSQL role ${TENANT_DB_USER}`, "able to log in on 127.0.0.1:5432 (run scripts/prepare-postgres.sh as root)", "login refused");
  }
}

async function admin<T>(work: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export type TenantDatabase = { name: string; url: string; drop: () => Promise<void> };

/** A database with a fixed name (the report names it), recreated empty on every run. */
export async function createTenantDatabase(name: string): Promise<TenantDatabase> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  const drop = () => admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined);
  await drop();
  await admin((client) => client.query(`CREATE DATABASE ${name} OWNER ${TENANT_DB_USER}`));
  return { name, url: `postgresql://${TENANT_DB_USER}:${TENANT_DB_PASSWORD}@127.0.0.1:5432/${name}`, drop };
}

/** Refuses to start when something already answers on a port the report names. */
export async function assertPortFree(port: number) {
  const busy = await new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
  if (busy)
    throw new ProofFailure(`port ${port} on 127.0.0.1`, "free (the proof starts its own servers there)", "something is listening: stop it and run again");
}

export type Platform = { url: string; stop: () => Promise<void> };

/** The platform: this build on the embedded database in a fresh directory, demo seed, local targets allowed. */
export async function startPlatform(input: { port: number; dataDir: string; logFile: string }): Promise<Platform> {
  try {
    const app = await startAppProcess({
      port: input.port,
      env: { DATA_DIR: input.dataDir, ALLOW_LOCAL_TARGETS: "true", LOG_LEVEL: "info", LIVE_CHECK_INTERVAL_SECONDS: "10", LIVE_WAKE_SECONDS: "2" },
      logFile: input.logFile,
    });
    return { url: app.url, stop: app.stop };
  } catch (error) {
    throw new ProofFailure("platform start", "GET /ready 200 within 60 s", (error as Error).message);
  }
}
