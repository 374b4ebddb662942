/**
 * The reference (scripts/bench/reference/README.md): a minimal Remix app with this stack that makes
 * the app's reads for the dashboard, wizard step A and GET /api/dashboard/stats through `pg` with
 * named prepared statements, on the same PostgreSQL database and session as the app under test, and
 * serves the app's own markup (captured in this run) or the figures as JSON. Loaded like the app,
 * endpoint by endpoint, in turn (app, reference, reference, app).
 */
import { execFileSync, spawn } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ACCEPT_ENCODING, freePort, interleaved, log, rawRequest, settings, stopChild, track, waitForLine, type LoadResult } from "./harness";

export const REFERENCE_TARGET = 0.6;
export const REFERENCE_ENDPOINTS = [
  { id: "dashboard", label: "GET /dashboard", path: "/dashboard" },
  { id: "wizard", label: "GET /dashboard/deploy/provider (wizard step A)", path: "/dashboard/deploy/provider" },
  { id: "stats", label: "GET /api/dashboard/stats", path: "/api/dashboard/stats" },
] as const;

export type ReferenceRow = {
  label: string;
  app: LoadResult;
  reference: LoadResult;
  appCpuMs: number | null;
  referenceCpuMs: number | null;
  appBytes: number;
  referenceBytes: number;
};

const bodyOf = (html: string) => /<body[^>]*>([\s\S]*)<\/body>/.exec(html)?.[1]?.replace(/<script\b[\s\S]*?<\/script>/g, "");

export async function measureReference(app: { base: string; pid: number | undefined; env: Record<string, string> }, cookie: string, logDir: string) {
  // The app's markup of both pages, from this run: the reference renders the same bytes.
  const pages: Record<string, string> = {};
  for (const [key, pathname] of [
    ["dashboard", "/dashboard"],
    ["wizard", "/dashboard/deploy/provider"],
  ] as const) {
    const page = await rawRequest(`${app.base}${pathname}`, { Cookie: cookie });
    const body = bodyOf(page.body.toString("utf8"));
    if (page.status !== 200 || !body) throw new Error(`${pathname} answered ${page.status} without a <body>`);
    pages[key] = body;
  }
  const pagesFile = path.join(logDir, "reference-pages.json");
  writeFileSync(pagesFile, JSON.stringify(pages));
  const buildDir = path.resolve(logDir, "reference-build");
  rmSync(buildDir, { recursive: true, force: true });
  execFileSync(path.join("node_modules", ".bin", "remix"), ["vite:build", ".", "--config", path.join("scripts", "bench", "reference", "vite.config.mjs")], {
    env: { ...process.env, NODE_ENV: "production", REFERENCE_BUILD_DIR: buildDir, REFERENCE_PAGES_FILE: pagesFile },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const port = await freePort();
  const server = track(
    spawn(process.execPath, [path.join("scripts", "bench", "floor", "server.mjs"), String(port), buildDir], {
      env: { PATH: process.env.PATH, NODE_ENV: "production", DATABASE_URL: app.env.DATABASE_URL!, SESSION_SECRET: app.env.SESSION_SECRET! },
      stdio: ["ignore", "pipe", "inherit"],
    }),
  );
  const reference = `http://127.0.0.1:${port}`;
  const rows: ReferenceRow[] = [];
  try {
    await waitForLine(server, (line) => line === "listening", 30_000);
    for (const endpoint of REFERENCE_ENDPOINTS) {
      const headers = { "Accept-Encoding": ACCEPT_ENCODING, Cookie: cookie };
      const [appAnswer, referenceAnswer] = [
        await rawRequest(`${app.base}${endpoint.path}`, headers),
        await rawRequest(`${reference}${endpoint.path}`, headers),
      ];
      if (appAnswer.status !== 200 || referenceAnswer.status !== 200)
        throw new Error(`${endpoint.path}: the app answered ${appAnswer.status}, the reference ${referenceAnswer.status}`);
      log(
        `postgres: ${endpoint.label}: the app and the reference in turn (app, reference, reference, app; ${settings.durationS} s each at ${settings.connections} connections)`,
      );
      const [appRun, referenceRun] = await interleaved(
        { url: `${app.base}${endpoint.path}`, headers, pid: app.pid },
        { url: `${reference}${endpoint.path}`, headers, pid: server.pid },
        settings.durationS,
        settings.warmupS,
      );
      for (const [who, run] of [
        ["app", appRun],
        ["reference", referenceRun],
      ] as const)
        if (run.result.non2xx || run.result.errors) log(`  warning: the ${who} answered ${run.result.non2xx} non-2xx and ${run.result.errors} errors`);
      rows.push({
        label: endpoint.label,
        app: appRun.result,
        reference: referenceRun.result,
        appCpuMs: appRun.cpuMs,
        referenceCpuMs: referenceRun.cpuMs,
        appBytes: appAnswer.body.length,
        referenceBytes: referenceAnswer.body.length,
      });
    }
  } finally {
    await stopChild(server);
  }
  return rows;
}

const fmt = (value: number | null, digits = 0) => (value === null || Number.isNaN(value) ? "n/a" : value.toFixed(digits));
const ratioOf = (row: ReferenceRow) => row.app.requestsPerSecond / row.reference.requestsPerSecond;
const clean = (row: ReferenceRow) => !row.app.non2xx && !row.app.errors && !row.reference.non2xx && !row.reference.errors;

export function referenceVerdicts(rows: ReferenceRow[]) {
  return rows.map((row) => ({
    target: `postgres: ${row.label} ≥ ${REFERENCE_TARGET} × the reference's req/s at ${settings.connections} connections`,
    measured: `${fmt(row.app.requestsPerSecond)} vs ${fmt(row.reference.requestsPerSecond)} req/s = ${fmt(ratioOf(row), 2)}×${clean(row) ? "" : " (some answers were errors)"}`,
    pass: ratioOf(row) >= REFERENCE_TARGET && clean(row),
  }));
}

export function referenceSection(rows: ReferenceRow[]) {
  if (!rows.length) return [];
  return [
    "## Against the reference (PostgreSQL)",
    "",
    "The app and a minimal Remix app of this stack that makes the same reads through `pg` with named prepared statements and serves the same markup (scripts/bench/reference/README.md), on the same database and session, loaded in turn (app, reference, reference, app; half the duration each).",
    "",
    "| Endpoint | App bytes (enc.) | App req/s | App p50 / p99 ms | App CPU ms/req | Reference bytes (enc.) | Reference req/s | Reference p50 / p99 ms | Reference CPU ms/req | Ratio |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...rows.map(
      (row) =>
        `| ${row.label} | ${row.appBytes} | ${fmt(row.app.requestsPerSecond)} | ${row.app.p50} / ${row.app.p99} | ${fmt(row.appCpuMs, 2)} | ${row.referenceBytes} | ${fmt(row.reference.requestsPerSecond)} | ${row.reference.p50} / ${row.reference.p99} | ${fmt(row.referenceCpuMs, 2)} | ${fmt(ratioOf(row), 2)} |`,
    ),
    "",
  ];
}
