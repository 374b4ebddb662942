import { closeDatabase, openDatabase } from "./db/client.server";
import { startProcessScheduler, stopProcessScheduler } from "./deploy/monitor/scheduler.server";
import { getEnv, type Env } from "./env.server";
import { getLogger } from "./logger.server";
import { seedDemo } from "./workspace/demo-seed.server";

/**
 * What the HTTP server (server/index.ts) asks of the app when it starts and stops. The server
 * reaches these through the build's entry module (entry.server.tsx re-exports them), so the server
 * and the routes share one copy of the environment, the logger and the database. Anything else
 * (tests, scripts, `remix vite:dev`) opens them on first use: getEnv(), db().
 */
export type AppStart = { env: Env; demo: Awaited<ReturnType<typeof seedDemo>> | null };

/** The environment; throws EnvError listing every problem. */
export function appEnv(): Env {
  return getEnv();
}

export { getLogger as appLogger };

/** Opens the database now (migrations first), so a broken one fails the start, and seeds the demo when asked to. */
export async function startApp(options: { onDatabaseLost: (error: Error) => void }): Promise<AppStart> {
  const env = getEnv();
  if (env.createdSecretsFile) {
    getLogger().info({ file: env.createdSecretsFile }, "created ENCRYPTION_KEY, SESSION_SECRET and JWT_SECRET for the embedded database (mode 0600)");
  }
  await openDatabase(env.database, { onDatabaseLost: options.onDatabaseLost });
  const demo = env.seedDemo ? await seedDemo() : null;
  // Stay LIVE's scheduled checks (platform only), on the database just opened.
  await startProcessScheduler();
  return { env, demo };
}

/** The scheduler stops first (running checks finish or are given back), then the database closes. */
export async function stopApp() {
  await stopProcessScheduler().catch((error) => getLogger().error({ err: error }, "stopping the job queue failed"));
  await closeDatabase();
}
