/**
 * --starts (also part of a full run): several instances on one PostgreSQL. Two production builds
 * (`node server.js`, the same secrets) are started at the same moment on a fresh database, ten times
 * without and ten times with SEED_DEMO=true, and both must answer /ready. On the last seeded pair,
 * about 10 s of mixed load on both at once: page GETs (autocannon, one process per instance) and
 * configuration writes (PUT /api/deploy/config with a personal API token, several writers per
 * instance, each write a new app URL). No answer may be a 5xx or a connection error, and every
 * write answered 200 must have its one DEPLOY_CONFIG_SAVED audit row naming that URL.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startAppProcess, type AppProcess } from "../../tests/helpers/app-process";
import { api, cleanups, createPlatformDatabase, freePort, log, signIn, startLoad, stopChild, track, type LoadResult } from "./harness";

export const START_ROUNDS = 10;
const LOAD_S = 10;
const WRITERS_PER_INSTANCE = 4;

type Attempt = { seed: boolean; round: number; up: number; failures: string[]; slowestMs: number };
export type StartsResult = {
  attempts: Attempt[];
  mixed: {
    pages: { url: string; result: LoadResult }[];
    writes: { ok: number; failed: number; statuses: Record<string, number>; connectionErrors: number };
    audited: number;
    unaccounted: number;
  } | null;
  mixedError?: string;
};

async function startPair(seed: boolean, round: number, logDir: string) {
  const databaseUrl = await createPlatformDatabase();
  const secrets = Object.fromEntries(["ENCRYPTION_KEY", "SESSION_SECRET", "JWT_SECRET"].map((name) => [name, randomBytes(32).toString("base64")]));
  const starts = await Promise.allSettled(
    ["a", "b"].map(async (name) => {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), "golive-bench-starts-"));
      cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
      const env: Record<string, string> = { DATA_DIR: dataDir, DATABASE_URL: databaseUrl, ALLOW_LOCAL_TARGETS: "true", LOG_LEVEL: "info", ...secrets };
      if (seed) env.SEED_DEMO = "true";
      const started = performance.now();
      const app = await startAppProcess({
        port: await freePort(),
        env,
        logFile: path.join(logDir, `bench-starts-${seed ? "seed" : "empty"}-${round}-${name}.log`),
        readyPath: "/ready",
        timeoutMs: 120_000,
      });
      track(app.child);
      return { app, ms: performance.now() - started };
    }),
  );
  const apps = starts.flatMap((start) => (start.status === "fulfilled" ? [start.value.app] : []));
  const attempt: Attempt = {
    seed,
    round,
    up: apps.length,
    failures: starts.flatMap((start) => (start.status === "rejected" ? [(start.reason as Error).message] : [])),
    slowestMs: Math.max(...starts.map((start) => (start.status === "fulfilled" ? start.value.ms : 0))),
  };
  return { attempt, apps, databaseUrl };
}

const stopAll = (apps: AppProcess[]) => Promise.all(apps.map((app) => stopChild(app.child)));

/** Page loads and configuration writes on both instances at once; every write answered 200 must be in the audit log. */
async function mixedLoad(apps: AppProcess[], databaseUrl: string): Promise<NonNullable<StartsResult["mixed"]>> {
  const cookie = await signIn(apps[0]!.url, "owner@acme.test");
  const tokens: string[] = [];
  for (const app of apps) {
    const created = await api<{ token?: string }>(app.url, "POST", "/api/tokens", { cookie }, { name: `bench-${tokens.length}` });
    if (!created.json.token) throw new Error(`creating a token answered ${created.status}`);
    tokens.push(created.json.token);
  }
  const provider = await api(apps[0]!.url, "PUT", "/api/deploy/config", { token: tokens[0] }, { provider: "DOCKER" });
  if (provider.status !== 200) throw new Error(`saving the provider answered ${provider.status}: ${JSON.stringify(provider.json).slice(0, 200)}`);

  const pagePaths = ["/dashboard", "/dashboard/deploy/provider"];
  const loads = apps.map((app, i) => ({
    url: `${app.url}${pagePaths[i % 2]}`,
    run: startLoad<LoadResult>({ url: `${app.url}${pagePaths[i % 2]}`, duration: LOAD_S, connections: 8, headers: { Cookie: cookie } }, LOAD_S),
  }));
  await Promise.all(loads.map((entry) => entry.run.started));
  const written: string[] = [];
  const writes = { ok: 0, failed: 0, statuses: {} as Record<string, number>, connectionErrors: 0 };
  const until = Date.now() + LOAD_S * 1000;
  let sequence = 0;
  await Promise.all(
    apps.flatMap((app, i) =>
      Array.from({ length: WRITERS_PER_INSTANCE }, async () => {
        while (Date.now() < until) {
          const appUrl = `https://w${sequence++}-${i}.example.com`;
          try {
            const response = await api(app.url, "PUT", "/api/deploy/config", { token: tokens[i] }, { appUrl });
            writes.statuses[response.status] = (writes.statuses[response.status] ?? 0) + 1;
            if (response.status === 200) {
              writes.ok++;
              written.push(appUrl);
            } else writes.failed++;
          } catch {
            writes.connectionErrors++;
          }
        }
      }),
    ),
  );
  const pages = await Promise.all(loads.map(async (entry) => ({ url: entry.url, result: await entry.run.result })));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ url: string; n: string }>(
      `SELECT "metadata"->>'appUrl' AS url, count(*) AS n FROM "AuditLog" WHERE "action" = 'DEPLOY_CONFIG_SAVED' AND "metadata"->>'field' = 'appUrl' GROUP BY 1`,
    );
    const audited = new Map(rows.map((row) => [row.url, Number(row.n)]));
    const unaccounted = written.filter((url) => audited.get(url) !== 1).length;
    return { pages, writes, audited: rows.reduce((sum, row) => sum + Number(row.n), 0), unaccounted };
  } finally {
    await client.end();
  }
}

export async function measureStarts(logDir: string): Promise<StartsResult> {
  const result: StartsResult = { attempts: [], mixed: null };
  for (const seed of [false, true]) {
    for (let round = 1; round <= START_ROUNDS; round++) {
      const { attempt, apps, databaseUrl } = await startPair(seed, round, logDir);
      result.attempts.push(attempt);
      log(
        `starts: ${seed ? "with" : "without"} the demo seed, round ${round}: ${attempt.up} of 2 up${attempt.failures.length ? ` (${attempt.failures.join("; ")})` : ""}`,
      );
      try {
        if (seed && round === START_ROUNDS && apps.length === 2) {
          log(`starts: mixed load on both instances for ${LOAD_S} s`);
          result.mixed = await mixedLoad(apps, databaseUrl).catch((error: Error) => ((result.mixedError = error.message), null));
        }
      } finally {
        await stopAll(apps);
      }
    }
  }
  return result;
}

const fmt = (value: number, digits = 0) => value.toFixed(digits);

export function startsVerdicts(result: StartsResult) {
  const down = result.attempts.filter((attempt) => attempt.up < 2);
  const verdicts = [
    {
      target: `postgres: two instances started at once on a fresh database, ${START_ROUNDS}× without and ${START_ROUNDS}× with SEED_DEMO=true: all answer /ready`,
      measured: `${result.attempts.length - down.length} of ${result.attempts.length} pairs up${down.length ? ` (down: ${down.map((a) => `${a.seed ? "seed" : "empty"} #${a.round}`).join(", ")})` : ""}; slowest start ${fmt(Math.max(...result.attempts.map((a) => a.slowestMs)))} ms`,
      pass: result.attempts.length > 0 && down.length === 0,
    },
  ];
  const mixed = result.mixed;
  const pageErrors = mixed ? mixed.pages.reduce((sum, page) => sum + page.result.non2xx + page.result.errors, 0) : 0;
  verdicts.push({
    target: `postgres: ${LOAD_S} s of page loads and configuration writes on both instances at once: no error, every write in the audit log`,
    measured: mixed
      ? `pages ${mixed.pages.map((page) => `${fmt(page.result.requestsPerSecond)} req/s`).join(" + ")} (${pageErrors} non-2xx or failed); writes ${mixed.writes.ok} answered 200, ${mixed.writes.failed} other (${JSON.stringify(mixed.writes.statuses)}), ${mixed.writes.connectionErrors} connection errors; ${mixed.audited} audit rows, ${mixed.unaccounted} writes without exactly one`
      : `not measured: ${result.mixedError ?? "the last seeded pair did not come up"}`,
    pass:
      Boolean(mixed) &&
      pageErrors === 0 &&
      mixed!.writes.failed === 0 &&
      mixed!.writes.connectionErrors === 0 &&
      mixed!.unaccounted === 0 &&
      mixed!.audited === mixed!.writes.ok,
  });
  return verdicts;
}

export function startsSection(result: StartsResult) {
  return [
    "## Concurrent starts (PostgreSQL)",
    "",
    "| Demo seed | Round | Instances up | Slowest start ms | Failure |",
    "|---|---:|---:|---:|---|",
    ...result.attempts.map(
      (a) => `| ${a.seed ? "yes" : "no"} | ${a.round} | ${a.up} of 2 | ${fmt(a.slowestMs)} | ${a.failures.join("; ").replace(/\|/g, "/") || ""} |`,
    ),
    "",
  ];
}
