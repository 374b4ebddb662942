import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, mkdirSync, openSync } from "node:fs";
import path from "node:path";
import pg from "pg";

/**
 * Starting this build as a separate process (the e2e platform's live instances, the page-weight
 * instance, the proof and the bench all do): spawn `node server.js` with exactly the given
 * environment, wait until it answers, stop it with SIGTERM so PGlite closes cleanly.
 * No test-runner imports: scripts use it too.
 */
export type AppProcess = { url: string; port: number; child: ChildProcess; stop: () => Promise<void> };

export async function startAppProcess(input: {
  port: number;
  env: Record<string, string>;
  logFile: string;
  appendLog?: boolean;
  readyPath?: "/health" | "/ready";
  timeoutMs?: number;
  nodeArgs?: string[];
}): Promise<AppProcess> {
  const url = `http://127.0.0.1:${input.port}`;
  mkdirSync(path.dirname(input.logFile), { recursive: true });
  const log = openSync(input.logFile, input.appendLog ? "a" : "w");
  const child = spawn(process.execPath, [...(input.nodeArgs ?? []), "server.js"], {
    env: { PATH: process.env.PATH, NODE_ENV: "production", PORT: String(input.port), HOST: "127.0.0.1", APP_URL: url, LIVE_WAKE_SECONDS: "0", ...input.env },
    stdio: ["ignore", log, log],
  });
  closeSync(log);
  const stop = () => stopAppProcess(child, 15_000);
  const deadline = Date.now() + (input.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app on port ${input.port} exited with ${child.exitCode}; see ${input.logFile}`);
    const ready = await fetch(`${url}${input.readyPath ?? "/ready"}`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the app on port ${input.port} did not answer ${input.readyPath ?? "/ready"} in time; see ${input.logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, port: input.port, child, stop };
}

/** SIGTERM lets the server close its database; SIGKILL only if it has not exited after `killAfterMs`. */
export function stopAppProcess(child: ChildProcess, killAfterMs: number) {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** True when a PostgreSQL URL accepts a connection and a trivial query. */
export async function canConnectToPostgres(url: string, timeoutMs = 2_000) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
