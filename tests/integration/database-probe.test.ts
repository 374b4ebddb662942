import net from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { probeDatabase } from "~/deploy/checks/database-probe.server";
import { parseDatabaseUrl, type ParsedDatabaseUrl } from "~/deploy/config/database-url";
import type { Resolver } from "~/deploy/checks/net/address-policy.server";
import { closedPort, startSilentServer } from "../helpers/loopback-server";

/**
 * The database probe against the real PostgreSQL server on this machine. scripts/prepare-postgres.sh
 * (run as root, also in CI) creates golive_app / golive_tenant with password authentication.
 */
const APP_PASSWORD = "golive-app-password";
const dev = { allowLoopback: true };
const strict = { allowLoopback: false };

function url(raw: string): ParsedDatabaseUrl {
  const result = parseDatabaseUrl(raw);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

async function reachable(port: number) {
  return new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.setTimeout(1000, () => socket.destroy());
    socket.once("connect", () => resolve(true));
    socket.once("error", () => resolve(false));
    socket.once("close", () => resolve(false));
    socket.once("connect", () => socket.end());
  });
}

const inCi = Boolean(process.env.CI);
const postgresUp = inCi || (await reachable(5432));

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function silentServer() {
  const server = await startSilentServer();
  cleanups.push(() => server.close());
  return server;
}

describe.skipIf(!postgresUp)("probeDatabase on PostgreSQL (127.0.0.1:5432)", () => {
  const good = `postgresql://golive_app:${APP_PASSWORD}@127.0.0.1:5432/golive_tenant`;

  it("passes with the right password and reports version and latency", async () => {
    const result = await probeDatabase(url(good), { timeoutMs: 5000, policy: dev });
    expect(result).toMatchObject({ ok: true });
    if (result.ok) {
      expect(result.serverVersion).toMatch(/^PostgreSQL \d+(\.\d+)*$/);
      expect(result.latencyMs).toBeGreaterThanOrEqual(0);
      expect(result.latencyMs).toBeLessThan(5000);
    }
  });

  it("connects by name through the checked address (localhost)", async () => {
    const result = await probeDatabase(url(good.replace("127.0.0.1", "localhost")), { timeoutMs: 5000, policy: dev });
    expect(result).toMatchObject({ ok: true });
  });

  it("takes nothing from PG* environment variables", async () => {
    vi.stubEnv("PGSSLMODE", "require");
    vi.stubEnv("PGPASSWORD", "wrong-from-env");
    vi.stubEnv("PGDATABASE", "postgres");
    // Sent in the startup message, either would make the server refuse the connection.
    vi.stubEnv("PGOPTIONS", "-c golive_no_such_setting=1");
    vi.stubEnv("PGREPLICATION", "true");
    expect(await probeDatabase(url(good), { timeoutMs: 5000, policy: dev })).toMatchObject({ ok: true });
  });

  it("reports a wrong password as auth, without the server's text", async () => {
    const result = await probeDatabase(url(good.replace(APP_PASSWORD, "not-the-password")), { timeoutMs: 5000, policy: dev });
    expect(result).toMatchObject({ ok: false, kind: "auth" });
    if (!result.ok) {
      expect(result.fix).toMatch(/password in DATABASE_URL/);
      expect(`${result.detail} ${result.fix}`).not.toMatch(/golive_app|FATAL|authentication failed/);
    }
  });

  it("reports a missing database as database_missing", async () => {
    const result = await probeDatabase(url(good.replace("golive_tenant", "golive_no_such_db")), { timeoutMs: 5000, policy: dev });
    expect(result).toMatchObject({ ok: false, kind: "database_missing" });
  });

  it("reports sslmode=require against a server without TLS as tls_refused", async () => {
    const result = await probeDatabase(url(`${good}?sslmode=require`), { timeoutMs: 5000, policy: dev });
    expect(result).toMatchObject({ ok: false, kind: "tls_refused" });
  });

  it("reports a closed port as refused", async () => {
    const port = await closedPort();
    const result = await probeDatabase(url(good.replace(":5432", `:${port}`)), { timeoutMs: 5000, policy: dev });
    expect(result).toMatchObject({ ok: false, kind: "refused" });
  });

  it("gives up on a server that accepts and never answers within the timeout + 1 s", async () => {
    const silent = await silentServer();
    const started = performance.now();
    const result = await probeDatabase(url(good.replace(":5432", `:${silent.port}`)), { timeoutMs: 800, policy: dev });
    const took = performance.now() - started;
    expect(result).toMatchObject({ ok: false, kind: "timeout" });
    expect(silent.connections).toBe(1);
    expect(took).toBeGreaterThanOrEqual(700);
    expect(took).toBeLessThan(800 + 1000);
  });

  it("with allowLoopback off, refuses loopback and makes no connection", async () => {
    const silent = await silentServer();
    const target = url(good.replace(":5432", `:${silent.port}`));
    expect(await probeDatabase(target, { timeoutMs: 2000, policy: strict })).toMatchObject({ ok: false, kind: "blocked" });
    expect(await probeDatabase({ ...target, host: "localhost" }, { timeoutMs: 2000, policy: strict })).toMatchObject({ ok: false, kind: "blocked" });
    // A disguised host (the parser refuses it, but the probe must hold on its own): lookup → 127.0.0.1 → refused.
    expect(await probeDatabase({ ...target, host: "2130706433" }, { timeoutMs: 2000, policy: strict })).toMatchObject({ ok: false, kind: "blocked" });
    const toLoopback: Resolver = async () => [{ address: "127.0.0.1", family: 4 }];
    expect(await probeDatabase({ ...target, host: "db.example.com" }, { timeoutMs: 2000, policy: strict, resolver: toLoopback })).toMatchObject({
      ok: false,
      kind: "blocked",
    });
    expect(silent.connections).toBe(0);
    expect(await probeDatabase(url(good), { timeoutMs: 2000, policy: strict })).toMatchObject({ ok: false, kind: "blocked" });
  });
});
