import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signVerifierToken } from "~/auth/verifier-token.server";
import { db } from "~/db/client.server";
import { DEMO_PASSWORD, DEMO_USERS } from "~/workspace/demo-seed.server";
import * as apiStats from "~/routes/api.dashboard.stats";
import { startAppProcess, type AppProcess } from "../helpers/app-process";
import { DATABASE_KINDS, TEST_SECRETS, useTestDatabase } from "../helpers/db";
import { createPlatformDatabase, POSTGRES_AVAILABLE, securityPort, startPlatform, type PlatformProcess } from "./helpers/platform";
import { BASE_URL, callRoute, isApiErrorShape } from "./helpers/routes";

/**
 * What an outside review found on the instance side: verification tokens whose lifetime the clock
 * did not bound and whose jti could be replayed, a DATA_DIR other users could read, and the demo
 * seed (published password) running on a public deployment.
 */
const JWT_SECRET = Buffer.from(TEST_SECRETS.JWT_SECRET, "base64");
const TEN_YEARS = 10 * 365 * 24 * 3600;

/** A token that satisfies every other claim of the contract, issued at `iat`, with exp = iat + 300. */
function tokenIssuedAt(iat: number, audience: string) {
  return new SignJWT({ scope: "deploy:verify" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject("deploy-verifier")
    .setAudience(audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 300)
    .setJti(`future-${iat}-${Math.random()}`)
    .sign(JWT_SECRET);
}

describe.each(DATABASE_KINDS)("verification tokens on one instance (%s)", (kind) => {
  useTestDatabase(kind);
  const stats = (token: string) => callRoute(apiStats, { path: "/api/dashboard/stats", headers: { Authorization: `Bearer ${token}` } });

  it("refuses a token issued ten years in the future with exp = iat + 300 (and one an hour ahead); accepts one within the 30 s tolerance", async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const offset of [TEN_YEARS, 3600, 60]) {
      const outcome = await stats(await tokenIssuedAt(now + offset, BASE_URL));
      expect(outcome.status, `iat now+${offset}`).toBe(401);
      expect(isApiErrorShape(outcome.body)).toBe(true);
      expect(outcome.body).toMatchObject({ error: { code: "invalid_token", message: expect.stringContaining("iat") } });
    }
    expect((await stats(await tokenIssuedAt(now + 10, BASE_URL))).status).toBe(200);
  });

  it("accepts a fresh token once: the same token again is refused, a new one (new jti) is accepted", async () => {
    const token = await signVerifierToken({ secret: JWT_SECRET, audience: BASE_URL });
    const first = await stats(token);
    expect(first.status, first.text).toBe(200);
    expect(first.body).toMatchObject({ scope: "instance" });
    for (let i = 0; i < 3; i++) {
      const again = await stats(token);
      expect(again.status).toBe(401);
      expect(again.headers.get("WWW-Authenticate")).toContain('error="invalid_token"');
      expect(again.body).toMatchObject({ error: { code: "invalid_token", message: expect.stringContaining("already used") } });
    }
    expect((await stats(await signVerifierToken({ secret: JWT_SECRET, audience: BASE_URL }))).status).toBe(200);
  });

  it("two concurrent uses of one token: exactly one is accepted (ten tokens, each sent twice at once)", async () => {
    const tokens = await Promise.all(Array.from({ length: 10 }, () => signVerifierToken({ secret: JWT_SECRET, audience: BASE_URL })));
    const outcomes = await Promise.all(tokens.flatMap((token) => [stats(token), stats(token)]));
    for (let i = 0; i < tokens.length; i++) {
      expect([outcomes[2 * i]!.status, outcomes[2 * i + 1]!.status].sort()).toEqual([200, 401]);
    }
  });

  it("a refused token (bad signature, expired) spends nothing; remembered jtis are swept once expired", async () => {
    const before = await db().verifierTokenUse.count();
    expect((await stats(await signVerifierToken({ secret: Buffer.alloc(32, 1), audience: BASE_URL }))).status).toBe(401);
    expect((await stats(await signVerifierToken({ secret: JWT_SECRET, audience: BASE_URL, now: new Date(Date.now() - 600_000) }))).status).toBe(401);
    expect(await db().verifierTokenUse.count()).toBe(before);

    const past = new Date(Date.now() - 60_000);
    await db().verifierTokenUse.createMany({ data: Array.from({ length: 30 }, (_, i) => ({ jti: `expired-${kind}-${i}`, expiresAt: past })) });
    expect((await stats(await signVerifierToken({ secret: JWT_SECRET, audience: BASE_URL }))).status).toBe(200);
    expect(await db().verifierTokenUse.count({ where: { jti: { startsWith: `expired-${kind}-` } } })).toBe(0);
    // What is still usable stays remembered.
    expect(await db().verifierTokenUse.count({ where: { expiresAt: { gt: new Date() } } })).toBeGreaterThan(0);
  });
});

/** Waits while someone rebuilds the app, as startPlatform does. */
function waitForBuilds() {
  execFileSync("flock", ["-s", "/tmp/golive-build.lock", "true"], { stdio: "ignore" });
}

/** Signs in as the demo owner with the published password: 302 when the demo seed ran. */
function signInAsDemoOwner(app: AppProcess) {
  return fetch(`${app.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url, "Sec-Fetch-Site": "same-origin" },
    body: new URLSearchParams({ email: DEMO_USERS[0]!.email, password: DEMO_PASSWORD, redirectTo: "/dashboard" }).toString(),
  });
}

describe.skipIf(!POSTGRES_AVAILABLE)("verification tokens on two instances sharing one PostgreSQL database", () => {
  const INSTANCE_URL = "https://instance.example.test";
  let database: Awaited<ReturnType<typeof createPlatformDatabase>>;
  let a: PlatformProcess;
  let b: PlatformProcess;
  const stats = (instance: PlatformProcess, token: string) => fetch(`${instance.url}/api/dashboard/stats`, { headers: { Authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    database = await createPlatformDatabase();
    const portA = await securityPort(4670);
    a = await startPlatform({ port: portA, appUrl: INSTANCE_URL, env: { DATABASE_URL: database.url } });
    b = await startPlatform({ port: await securityPort(portA + 1), appUrl: INSTANCE_URL, env: { DATABASE_URL: database.url } });
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
  });

  it("a token accepted by one instance is refused by the other", async () => {
    const token = await signVerifierToken({ secret: JWT_SECRET, audience: INSTANCE_URL });
    const first = await stats(a, token);
    expect(first.status, `${await first.clone().text()}\n${a.output()}`).toBe(200);
    const replay = await stats(b, token);
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ error: { code: "invalid_token", message: expect.stringContaining("already used") } });
    expect((await stats(a, token)).status).toBe(401);
  });

  it("one token sent to both instances at the same moment: exactly one accepts it (twelve tokens)", async () => {
    const tokens = await Promise.all(Array.from({ length: 12 }, () => signVerifierToken({ secret: JWT_SECRET, audience: INSTANCE_URL })));
    const statuses = await Promise.all(
      tokens.map((token) => Promise.all([stats(a, token), stats(b, token)]).then((answers) => answers.map((answer) => answer.status).sort())),
    );
    for (const pair of statuses) expect(pair).toEqual([200, 401]);
  });

  it("a token from ten years ahead is refused by the real server too", async () => {
    const response = await stats(a, await tokenIssuedAt(Math.floor(Date.now() / 1000) + TEN_YEARS, INSTANCE_URL));
    expect(response.status).toBe(401);
  });
});

describe("DATA_DIR is owner-only", () => {
  const root = mkdtempSync(path.join(tmpdir(), "golive-datadir-"));
  // A directory that does not exist yet, two levels down, as a first `npm start` finds it.
  const dataDir = path.join(root, "fresh", "data");
  const logFile = path.join(root, "app.log");
  let app: AppProcess | undefined;

  afterAll(async () => {
    await app?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const mode = (file: string) => statSync(file).mode & 0o777;
  function widerThanOwner(dir: string): string[] {
    const out: string[] = [];
    for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
      const full = path.join(entry.parentPath, entry.name);
      if (!entry.isSymbolicLink() && (statSync(full).mode & 0o077) !== 0) out.push(`${path.relative(dataDir, full)} ${mode(full).toString(8)}`);
    }
    return out;
  }
  async function start() {
    waitForBuilds();
    // No DATABASE_URL, no secrets, SEED_DEMO unset: the embedded database, as `npm start` runs it (APP_URL on loopback).
    return startAppProcess({ port: await securityPort(4680), env: { DATA_DIR: dataDir, LOG_LEVEL: "info" }, logFile, appendLog: true, timeoutMs: 60_000 });
  }

  it("a fresh start creates DATA_DIR 0700, pglite 0700 and secrets.json 0600, and nothing inside is open to group or others", async () => {
    app = await start();
    try {
      expect(mode(dataDir)).toBe(0o700);
      expect(mode(path.join(dataDir, "pglite"))).toBe(0o700);
      expect(mode(path.join(dataDir, "secrets.json"))).toBe(0o600);
      expect(widerThanOwner(dataDir)).toEqual([]);
      // The loopback start (`npm start`) still seeds the demo workspace.
      expect(readFileSync(logFile, "utf8")).toContain("Sign in at");
      expect((await signInAsDemoOwner(app)).status).toBe(302);
    } finally {
      await app.stop();
      app = undefined;
    }
  });

  it("a DATA_DIR an older version left 0755 (files 0644/0666) is tightened at start", async () => {
    expect(existsSync(path.join(dataDir, "pglite", "PG_VERSION"))).toBe(true);
    for (const entry of readdirSync(dataDir, { withFileTypes: true, recursive: true })) {
      const full = path.join(entry.parentPath, entry.name);
      if (entry.isDirectory()) chmodSync(full, 0o755);
      else if (entry.isFile()) chmodSync(full, 0o666);
    }
    chmodSync(dataDir, 0o755);
    chmodSync(path.join(dataDir, "secrets.json"), 0o644);
    expect(widerThanOwner(dataDir).length).toBeGreaterThan(100);
    app = await start();
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(path.join(dataDir, "secrets.json"))).toBe(0o600);
    expect(widerThanOwner(dataDir)).toEqual([]);
  });
});

describe("the demo seed refuses a public APP_URL", () => {
  const root = mkdtempSync(path.join(tmpdir(), "golive-seed-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  for (const [name, env] of [
    ["embedded database, SEED_DEMO unset", { DATA_DIR: path.join(root, "default") }],
    ["SEED_DEMO=true", { DATA_DIR: path.join(root, "explicit"), SEED_DEMO: "true" }],
  ] as const) {
    it(`${name}, APP_URL https://golive.example.test: the process exits non-zero naming SEED_DEMO, and creates nothing`, async () => {
      waitForBuilds();
      const logFile = path.join(root, `${path.basename(env.DATA_DIR)}.log`);
      const started = startAppProcess({
        port: await securityPort(4685),
        env: { ...env, APP_URL: "https://golive.example.test" },
        logFile,
        readyPath: "/health",
        timeoutMs: 30_000,
      });
      const outcome = await started.then(
        async (app) => {
          await app.stop();
          return "started";
        },
        (error: Error) => error.message,
      );
      expect(outcome).toMatch(/exited with 1/);
      const log = readFileSync(logFile, "utf8");
      expect(log).toContain("SEED_DEMO");
      expect(log).toContain("https://golive.example.test");
      expect(existsSync(env.DATA_DIR)).toBe(false);
    });
  }

  it("the same with SEED_DEMO=false starts (on the embedded database) and seeds nothing", async () => {
    waitForBuilds();
    const dataDir = path.join(root, "off");
    const logFile = path.join(root, "off.log");
    const app = await startAppProcess({
      port: await securityPort(4686),
      env: { DATA_DIR: dataDir, SEED_DEMO: "false", APP_URL: "https://golive.example.test" },
      logFile,
      readyPath: "/health",
      timeoutMs: 60_000,
    });
    try {
      const response = await signInAsDemoOwner(app);
      expect(response.status).toBe(401);
    } finally {
      await app.stop();
    }
    expect(readFileSync(logFile, "utf8")).not.toContain("Sign in at");
  });
});
