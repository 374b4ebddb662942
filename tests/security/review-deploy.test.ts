import { randomBytes } from "node:crypto";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { RATE_LIMITS } from "~/auth/rate-limit.server";
import { db } from "~/db/client.server";
import { RUN_LIMITS, type CheckResult } from "~/deploy/checks/check-result";
import { deployState, saveAppUrl } from "~/deploy/config/deploy-config.server";
import { MAX_RECEIVED_BYTES, probeDatabase, usesTls } from "~/deploy/checks/database-probe.server";
import { parseDatabaseUrl, type ParsedDatabaseUrl } from "~/deploy/config/database-url";
import { secretsSchema } from "~/deploy/config/inputs.server";
import { recordRun } from "~/deploy/checks/runs.server";
import * as apiConfig from "~/routes/api.deploy.config";
import * as apiPreflight from "~/routes/api.deploy.preflight";
import * as apiRuns from "~/routes/api.deploy.runs";
import * as apiVerify from "~/routes/api.deploy.verify";
import * as apiGenerate from "~/routes/api.env.generate";
import * as pagePreflight from "~/routes/dashboard.deploy.preflight";
import * as pageSecrets from "~/routes/dashboard.deploy.secrets";
import * as pageSecretsDownload from "~/routes/dashboard.deploy.secrets_.download";
import * as pageSecretsOnce from "~/routes/dashboard.deploy.secrets_.once";
import * as pageVerify from "~/routes/dashboard.deploy.verify";
import { closedPort, startLoopbackServer } from "../helpers/loopback-server";
import { createMember, DATABASE_KINDS, useTestDatabase } from "../helpers/db";
import { configureDeploy, ensurePassingRuns, sessionCookieFor, snapshot, tenantWithTeam, tokenFor } from "./helpers/fixtures";
import { callRoute, formBody, isApiErrorShape, jsonBody, type Outcome } from "./helpers/routes";
import { closerFor } from "../helpers/loopback-server";

/**
 * The deploy-side findings of the outside review: what a tenant's database server, URL or form
 * input could do to the platform, each through the real code (fake servers on 127.0.0.1 with local
 * targets allowed, the routes called as Remix calls them, PGlite and PostgreSQL).
 */

// ---------------------------------------------------------------------------------------------
// A PostgreSQL server that speaks just enough of protocol 3 to be a hostile database.
// ---------------------------------------------------------------------------------------------

type FakeMode =
  /** AuthenticationOk, then a DataRow claiming `rowBytes` bytes, streamed until the client hangs up. */
  | { kind: "huge-row"; rowBytes: number }
  /** A ParameterStatus of `bytes` bytes before anything else. */
  | { kind: "huge-startup"; bytes: number }
  /** AuthenticationCleartextPassword, then records what the client sends. */
  | { kind: "cleartext" }
  /** AuthenticationOk and an honest answer to the version query. */
  | { kind: "ok"; version: string };

type FakePostgres = { port: number; connections: number; received: Buffer; sentBytes: number; sslRequests: number; close(): Promise<void> };

function message(type: string, body: Buffer) {
  const header = Buffer.alloc(5);
  header.write(type, 0, "latin1");
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}
const int32 = (value: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(value);
  return b;
};
const cstring = (value: string) => Buffer.from(`${value}\0`, "utf8");
const authOk = () => message("R", int32(0));
const readyForQuery = () => message("Z", Buffer.from("I"));
const parameterStatus = (name: string, value: string) => message("S", Buffer.concat([cstring(name), cstring(value)]));
function rowDescription() {
  const field = Buffer.concat([cstring("v"), int32(0), Buffer.from([0, 0]), int32(25), Buffer.from([0xff, 0xff]), int32(-1), Buffer.from([0, 0])]);
  return message("T", Buffer.concat([Buffer.from([0, 1]), field]));
}
const dataRow = (value: string) => message("D", Buffer.concat([Buffer.from([0, 1]), int32(Buffer.byteLength(value)), Buffer.from(value)]));

async function startFakePostgres(mode: FakeMode): Promise<FakePostgres> {
  const state = { connections: 0, received: [] as Buffer[], sentBytes: 0, sslRequests: 0 };

  /** Writes `total` bytes of filler with back-pressure until the client hangs up. */
  function stream(socket: net.Socket, total: number) {
    const chunk = Buffer.alloc(64 * 1024, "1.");
    let left = total;
    const pump = () => {
      while (left > 0 && !socket.destroyed) {
        const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
        left -= piece.length;
        state.sentBytes += piece.length;
        if (!socket.write(piece)) return void socket.once("drain", pump);
      }
    };
    pump();
  }

  const server = net.createServer((socket) => {
    state.connections += 1;
    let buffer = Buffer.alloc(0);
    let started = false;
    socket.on("data", (chunk: Buffer) => {
      state.received.push(chunk);
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (!started) {
          if (buffer.length < 8) return;
          const length = buffer.readInt32BE(0);
          if (buffer.length < length) return;
          const code = buffer.readInt32BE(4);
          buffer = buffer.subarray(length);
          if (code === 80877103) {
            state.sslRequests += 1;
            socket.write("N");
            continue;
          }
          started = true;
          onStartup(socket);
          continue;
        }
        if (buffer.length < 5) return;
        const length = buffer.readInt32BE(1);
        if (buffer.length < length + 1) return;
        const type = String.fromCharCode(buffer[0]!);
        buffer = buffer.subarray(length + 1);
        if (type === "Q") onQuery(socket);
        if (type === "X") socket.end();
      }
    });
  });
  const close = closerFor(server);

  function onStartup(socket: net.Socket) {
    switch (mode.kind) {
      case "cleartext":
        socket.write(message("R", int32(3)));
        return;
      case "huge-startup": {
        const header = Buffer.alloc(5);
        header.write("S", 0, "latin1");
        header.writeInt32BE(4 + mode.bytes, 1);
        socket.write(Buffer.concat([authOk(), header]));
        stream(socket, mode.bytes);
        return;
      }
      default:
        socket.write(Buffer.concat([authOk(), parameterStatus("server_version", mode.kind === "ok" ? mode.version : "15.0"), readyForQuery()]));
    }
  }

  function onQuery(socket: net.Socket) {
    if (mode.kind === "ok") {
      socket.write(Buffer.concat([rowDescription(), dataRow(mode.version), message("C", cstring("SELECT 1")), readyForQuery()]));
      return;
    }
    if (mode.kind !== "huge-row") return;
    const header = Buffer.alloc(11);
    header.write("D", 0, "latin1");
    header.writeInt32BE(4 + 2 + 4 + mode.rowBytes, 1);
    header.writeInt16BE(1, 5);
    header.writeInt32BE(mode.rowBytes, 7);
    socket.write(Buffer.concat([rowDescription(), header]));
    stream(socket, mode.rowBytes);
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get connections() {
      return state.connections;
    },
    get received() {
      return Buffer.concat(state.received);
    },
    get sentBytes() {
      return state.sentBytes;
    },
    get sslRequests() {
      return state.sslRequests;
    },
    close,
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function fakePostgres(mode: FakeMode) {
  const server = await startFakePostgres(mode);
  cleanups.push(() => server.close());
  return server;
}

function databaseUrl(raw: string): ParsedDatabaseUrl {
  const parsed = parseDatabaseUrl(raw);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

const dev = { allowLoopback: true };
const DB_PASSWORD = "review-db-Pa55word-do-not-send";

/** Runs `work` while sampling the process's resident memory; returns its result and the largest growth seen. */
async function withPeakMemory<T>(work: () => Promise<T>): Promise<{ result: T; growthBytes: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, growthBytes: peak - before };
  } finally {
    clearInterval(sampler);
  }
}

// ---------------------------------------------------------------------------------------------
// 1. Pre-flight reads whatever the tenant's database server sends.
// ---------------------------------------------------------------------------------------------

describe("1. the database probe reads a bounded amount from the tenant's server", () => {
  it("a 200 MB answer to the version query: hangs up after the cap, fails as too_large within a second, memory flat", async () => {
    const server = await fakePostgres({ kind: "huge-row", rowBytes: 200 * 1024 * 1024 });
    const started = performance.now();
    const { result, growthBytes } = await withPeakMemory(() =>
      probeDatabase(databaseUrl(`postgresql://app:${DB_PASSWORD}@127.0.0.1:${server.port}/app`), { timeoutMs: 10_000, policy: dev }),
    );
    expect(result).toMatchObject({ ok: false, kind: "too_large" });
    expect(performance.now() - started).toBeLessThan(2000);
    // What the server got out before the probe hung up: the cap plus what the kernel's buffers took.
    expect(server.sentBytes).toBeLessThan(16 * 1024 * 1024);
    expect(growthBytes).toBeLessThan(48 * 1024 * 1024);
  });

  it("a huge message during sign-in (before any query) is cut off the same way", async () => {
    const server = await fakePostgres({ kind: "huge-startup", bytes: 100 * 1024 * 1024 });
    const result = await probeDatabase(databaseUrl(`postgresql://app:${DB_PASSWORD}@127.0.0.1:${server.port}/app`), { timeoutMs: 10_000, policy: dev });
    expect(result).toMatchObject({ ok: false, kind: "too_large" });
    expect(server.sentBytes).toBeLessThan(16 * 1024 * 1024);
  });

  it("an honest server well under the cap still passes, and a long version string is cut to a short label", async () => {
    const server = await fakePostgres({ kind: "ok", version: `16.4${".1".repeat(2000)}` });
    const result = await probeDatabase(databaseUrl(`postgresql://app:${DB_PASSWORD}@127.0.0.1:${server.port}/app`), { timeoutMs: 5000, policy: dev });
    expect(result).toMatchObject({ ok: true });
    if (result.ok) expect(result.serverVersion.length).toBeLessThanOrEqual(40);
    expect(MAX_RECEIVED_BYTES).toBeLessThanOrEqual(64 * 1024);
  });
});

// ---------------------------------------------------------------------------------------------
// 2. The probe sent the password in clear text by default.
// ---------------------------------------------------------------------------------------------

describe("2. the database probe never sends the password in clear text", () => {
  it.each(["", "?sslmode=disable"])(
    "a server asking for the clear-text password over plain TCP (URL%s) gets nothing; the probe fails as insecure",
    async (query) => {
      const server = await fakePostgres({ kind: "cleartext" });
      const result = await probeDatabase(databaseUrl(`postgresql://app:${DB_PASSWORD}@127.0.0.1:${server.port}/app${query}`), { timeoutMs: 3000, policy: dev });
      expect(result).toMatchObject({ ok: false, kind: "insecure" });
      if (!result.ok) expect(result.fix).toMatch(/sslmode=require/);
      expect(server.connections).toBe(1);
      const received = server.received.toString("latin1");
      expect(received).not.toContain(DB_PASSWORD);
      // No PasswordMessage at all: after the startup packet the client sent nothing but (maybe) Terminate.
      expect(received).not.toMatch(/p\0\0\0/);
    },
  );

  it("over the internet (any address that is not loopback) TLS is required unless the URL says sslmode=disable", () => {
    const url = (sslmode: ParsedDatabaseUrl["sslmode"]) => ({ sslmode });
    for (const address of ["203.0.113.10", "2001:db8::5"]) {
      expect(usesTls(url("prefer"), address)).toBe(true);
      expect(usesTls(url("require"), address)).toBe(true);
      expect(usesTls(url("verify-full"), address)).toBe(true);
      expect(usesTls(url("disable"), address)).toBe(false);
    }
    // Loopback (development with local targets allowed) keeps the driver's reading of prefer.
    expect(usesTls(url("prefer"), "127.0.0.1")).toBe(false);
    expect(usesTls(url("prefer"), "::1")).toBe(false);
    expect(usesTls(url("require"), "127.0.0.1")).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// 4. "A different value for each secret" could be dodged by spelling one key another way.
// ---------------------------------------------------------------------------------------------

describe("4. pasted secrets are compared as the keys they decode to", () => {
  // Bytes whose base64 has + and / and needs padding, so every spelling differs as text.
  const key = Buffer.from(Array.from({ length: 32 }, (_, i) => (0xfb + i * 0x3d) & 0xff));
  const spellings = {
    base64: key.toString("base64"),
    "base64 unpadded": key.toString("base64").replace(/=+$/, ""),
    base64url: key.toString("base64url"),
    "base64url padded": `${key.toString("base64url")}=`,
  };
  const other = () => randomBytes(32).toString("base64");

  it("the spellings are different texts of one key", () => {
    expect(new Set(Object.values(spellings)).size).toBe(4);
    for (const spelling of Object.values(spellings))
      expect(Buffer.from(spelling, spelling.includes("-") || spelling.includes("_") ? "base64url" : "base64").equals(key)).toBe(true);
  });

  const names = Object.keys(spellings) as (keyof typeof spellings)[];
  const pairs = names.flatMap((a) => names.filter((b) => b !== a).map((b) => [a, b] as const));
  const slots = [
    ["JWT_SECRET", "ENCRYPTION_KEY"],
    ["JWT_SECRET", "SESSION_SECRET"],
    ["ENCRYPTION_KEY", "SESSION_SECRET"],
  ] as const;
  it.each(pairs)("%s and %s of the same key are refused in every pair of fields", (a, b) => {
    for (const [first, second] of slots) {
      const values = { JWT_SECRET: other(), ENCRYPTION_KEY: other(), SESSION_SECRET: other(), [first]: spellings[a], [second]: spellings[b] };
      const result = secretsSchema.safeParse({ intent: "provide", ...values });
      expect(result.success, `${first}=${a}, ${second}=${b}`).toBe(false);
      if (!result.success) expect(result.error.issues.map((issue) => issue.message).join(" ")).toMatch(/different value for each secret/);
    }
  });

  it("three different keys, in mixed spellings, are accepted", () => {
    const keys = [randomBytes(32), randomBytes(32), randomBytes(32)];
    const result = secretsSchema.safeParse({
      intent: "provide",
      JWT_SECRET: keys[0]!.toString("base64"),
      ENCRYPTION_KEY: keys[1]!.toString("base64url"),
      SESSION_SECRET: keys[2]!.toString("base64").replace(/=+$/, ""),
    });
    expect(result.success).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Through the routes, on the embedded database and on PostgreSQL.
// ---------------------------------------------------------------------------------------------

describe.each(DATABASE_KINDS)("the deploy findings through the routes on %s", (kind) => {
  useTestDatabase(kind, { ALLOW_LOCAL_TARGETS: "true", DEPLOY_CHECK_TIMEOUT_MS: "3000" });

  async function setup(input: { databaseUrl?: string; appUrl?: string } = {}) {
    const team = await tenantWithTeam(`Review ${kind} ${randomBytes(3).toString("hex")}`);
    const databaseUrl = input.databaseUrl ?? `postgresql://app:${DB_PASSWORD}@127.0.0.1:${await closedPort()}/app`;
    await configureDeploy(team.as("OWNER"), { appUrl: input.appUrl ?? "http://127.0.0.1:9", databaseUrl });
    const bearer = async (role: "OWNER" | "ADMIN") => ({ Authorization: `Bearer ${(await tokenFor(team.people[role].id, team.tenant.id)).token}` });
    return { team, owner: await bearer("OWNER"), admin: await bearer("ADMIN") };
  }

  const preflight = (headers: Record<string, string>) => callRoute(apiPreflight, { method: "POST", path: "/api/deploy/preflight", headers });
  const verify = (headers: Record<string, string>) => callRoute(apiVerify, { method: "POST", path: "/api/deploy/verify", headers });
  type RunBody = { run: { id: string; status: string; checks: CheckResult[] } };
  const checkOf = (outcome: Outcome, id: string) => (outcome.body as RunBody).run.checks.find((check) => check.id === id)!;

  describe("1. stored runs are small", () => {
    it("pre-flight against a server that answers with a huge row: a classified failure, a stored run of a few KB", async () => {
      const server = await fakePostgres({ kind: "huge-row", rowBytes: 64 * 1024 * 1024 });
      const { team, owner } = await setup({ databaseUrl: `postgresql://app:${DB_PASSWORD}@127.0.0.1:${server.port}/app` });
      const outcome = await preflight(owner);
      expect(outcome.status, outcome.text.slice(0, 300)).toBe(200);
      expect(checkOf(outcome, "database.reachable")).toMatchObject({ status: "fail", detail: expect.stringMatching(/far more data/) });
      expect(server.sentBytes).toBeLessThan(16 * 1024 * 1024);
      const stored = await db().deployRun.findUniqueOrThrow({ where: { id: (outcome.body as RunBody).run.id } });
      expect(JSON.stringify(stored.resultsJson).length).toBeLessThan(8 * 1024);
      expect(team.tenant.id).toBe(stored.tenantId);
    });

    it("whatever a check's words hold (8 MB here), the stored run, the API and the page carry at most RUN_LIMITS.bytes of it", async () => {
      const { team, owner } = await setup();
      const ctx = team.as("OWNER");
      const state = await deployState(team.tenant.id);
      const huge = "1.".repeat(4 * 1024 * 1024);
      const checks: CheckResult[] = [
        {
          id: "database.reachable",
          title: "Database reachable",
          status: "fail",
          detail: `Connected (PostgreSQL ${huge})`,
          fix: { text: huge, href: `/dashboard/deploy/database${huge}` },
          target: huge,
        },
        ...Array.from({ length: 30 }, (_, i): CheckResult => ({
          id: `extra.${i}${huge.slice(0, 1000)}`,
          title: huge.slice(0, 5000),
          status: "pass",
          detail: "ï".repeat(100_000),
          fix: null,
        })),
      ];
      const run = await recordRun(ctx, {
        kind: "preflight",
        deployConfigId: state.row.id,
        configRevision: state.row.revision,
        checks,
        startedAt: new Date(),
        actions: { passed: "PREFLIGHT_PASSED", failed: "PREFLIGHT_FAILED" },
      });
      expect(run.status).toBe("failed");
      const stored = await db().deployRun.findUniqueOrThrow({ where: { id: run.id } });
      expect(Buffer.byteLength(JSON.stringify(stored.resultsJson))).toBeLessThanOrEqual(RUN_LIMITS.bytes);
      expect(Buffer.byteLength(JSON.stringify(run.checks))).toBeLessThanOrEqual(RUN_LIMITS.bytes);
      expect((stored.errorText ?? "").length).toBeLessThan(1000);
      const runs = await callRoute(apiRuns, { path: "/api/deploy/runs", headers: owner });
      expect(runs.status).toBe(200);
      expect(runs.text.length).toBeLessThan(2 * RUN_LIMITS.bytes);
      const cookie = (await sessionCookieFor(team.people.OWNER.id, team.tenant.id)).cookie;
      const page = await callRoute(pagePreflight, { path: "/dashboard/deploy/preflight", headers: { Cookie: cookie } });
      expect(page.status).toBe(200);
      expect(page.text.length).toBeLessThan(4 * RUN_LIMITS.bytes);
    });
  });

  describe("2. TLS and clear-text passwords in pre-flight", () => {
    it("sslmode=disable: the probe connects, and pre-flight marks the database check WARN with a fix", async () => {
      const server = await fakePostgres({ kind: "ok", version: "16.4" });
      const { owner } = await setup({ databaseUrl: `postgresql://app:${DB_PASSWORD}@127.0.0.1:${server.port}/app?sslmode=disable` });
      const check = checkOf(await preflight(owner), "database.reachable");
      expect(check).toMatchObject({ status: "warn", fix: { href: "/dashboard/deploy/database" } });
      expect(check.detail).toMatch(/without encryption/);
      expect(check.fix!.text).toMatch(/TLS/);
    });

    it("a server asking for the clear-text password: pre-flight fails the check as insecure, and the password never reaches it", async () => {
      const server = await fakePostgres({ kind: "cleartext" });
      const { owner } = await setup({ databaseUrl: `postgresql://app:${DB_PASSWORD}@127.0.0.1:${server.port}/app` });
      const check = checkOf(await preflight(owner), "database.reachable");
      expect(check).toMatchObject({ status: "fail", detail: expect.stringMatching(/clear text/) });
      expect(server.connections).toBe(1);
      expect(server.received.toString("latin1")).not.toContain(DB_PASSWORD);
    });
  });

  describe("3. pre-flight and verify: one limit for the whole workspace, and the host of every probe on record", () => {
    for (const [name, call, rule, personal, page, pagePath, intent] of [
      ["pre-flight", preflight, RATE_LIMITS.preflightWorkspace, RATE_LIMITS.preflight, pagePreflight, "/dashboard/deploy/preflight", "run"],
      ["verify", verify, RATE_LIMITS.verifyWorkspace, RATE_LIMITS.verify, pageVerify, "/dashboard/deploy/verify", "verify"],
    ] as const) {
      it(`${name}: two admins together spend the workspace's ${rule.points}, then everyone in it gets 429 with Retry-After (API and page)`, async () => {
        expect(rule.points).toBeLessThan(2 * personal.points);
        const { team, owner, admin } = await setup();
        if (name === "verify") await ensurePassingRuns(team.as("OWNER"));
        for (let i = 0; i < rule.points; i++) {
          const outcome = await call(i % 2 === 0 ? owner : admin);
          expect(outcome.status, `call ${i + 1}: ${outcome.text.slice(0, 200)}`).toBe(200);
        }
        const third = await createMember(team.tenant.id, "ADMIN");
        const cookie = (await sessionCookieFor(third.id, team.tenant.id)).cookie;
        const before = await snapshot(team.tenant.id);
        for (const headers of [owner, admin]) {
          const limited = await call(headers);
          expect(limited.status).toBe(429);
          expect(isApiErrorShape(limited.body)).toBe(true);
          expect(limited.body).toMatchObject({ error: { code: "rate_limited" } });
          const retryAfter = Number(limited.headers.get("Retry-After"));
          expect(retryAfter).toBeGreaterThan(0);
          expect(retryAfter).toBeLessThanOrEqual(rule.windowSeconds);
        }
        // Neither has used up their own limit: it is the workspace's.
        expect(rule.points / 2 + 1).toBeLessThan(personal.points);
        // A third admin, through the page: the same limit.
        const viaPage = await callRoute(page, {
          method: "POST",
          path: pagePath,
          ...formBody({ intent }),
          headers: { Cookie: cookie, ...formBody({}).headers },
        });
        expect(viaPage.thrown).toBe(true);
        expect(viaPage.status).toBe(429);
        expect(Number(viaPage.headers.get("Retry-After"))).toBeGreaterThan(0);
        expect(await snapshot(team.tenant.id)).toBe(before);
        // Another workspace is not affected.
        const elsewhere = await setup();
        if (name === "verify") await ensurePassingRuns(elsewhere.team.as("OWNER"));
        expect((await call(elsewhere.owner)).status).toBe(200);
      });
    }

    it("the stored run names the host and port the probe called, never the user name or password", async () => {
      const port = await closedPort();
      const { owner } = await setup({ databaseUrl: `postgresql://probe_user:${DB_PASSWORD}@127.0.0.1:${port}/tenant_db` });
      const outcome = await preflight(owner);
      const check = checkOf(outcome, "database.reachable");
      expect(check.target).toBe(`127.0.0.1:${port}`);
      const stored = await db().deployRun.findUniqueOrThrow({ where: { id: (outcome.body as RunBody).run.id } });
      const storedCheck = (stored.resultsJson as { checks: CheckResult[] }).checks.find((c) => c.id === "database.reachable")!;
      expect(storedCheck.target).toBe(`127.0.0.1:${port}`);
      expect(JSON.stringify(stored.resultsJson)).not.toMatch(new RegExp(`${DB_PASSWORD}|probe_user`));
    });
  });

  describe("4. pasted secrets through the page", () => {
    it("the same key as base64 and as unpadded base64url is refused and nothing is stored", async () => {
      const { team } = await setup();
      const cookie = (await sessionCookieFor(team.people.OWNER.id, team.tenant.id)).cookie;
      const key = randomBytes(32);
      const before = await snapshot(team.tenant.id);
      const form = formBody({
        intent: "provide",
        confirmRotation: "on",
        JWT_SECRET: key.toString("base64"),
        ENCRYPTION_KEY: randomBytes(32).toString("base64"),
        SESSION_SECRET: key.toString("base64url"),
      });
      const outcome = await callRoute(pageSecrets, {
        method: "POST",
        path: "/dashboard/deploy/secrets",
        body: form.body,
        headers: { Cookie: cookie, ...form.headers },
      });
      expect(outcome.status).toBe(400);
      expect(outcome.text).toMatch(/different value for each secret/);
      expect(await snapshot(team.tenant.id)).toBe(before);
    });
  });

  describe("5. a rotation does not show the stored database password again", () => {
    it("neither POST /api/env/generate nor the step D page of a rotation carries it; the bundle names it masked", async () => {
      const { team, owner } = await setup({ databaseUrl: `postgresql://app:${DB_PASSWORD}@db.example.com:5432/app` });
      const api = await callRoute(apiGenerate, {
        method: "POST",
        path: "/api/env/generate",
        body: JSON.stringify({ confirmRotation: true }),
        headers: { ...owner, ...jsonBody({}).headers },
      });
      expect(api.status).toBe(201);
      expect(api.body).toMatchObject({ rotated: true });
      for (const form of [DB_PASSWORD, encodeURIComponent(DB_PASSWORD)]) expect(api.text).not.toContain(form);
      expect(api.text).toContain("postgresql://app:••••@db.example.com:5432/app");
      const newSecret = (api.body as { secrets: { JWT_SECRET: { value: string } } }).secrets.JWT_SECRET.value;
      expect(api.text).toContain(newSecret);

      const cookie = (await sessionCookieFor(team.people.OWNER.id, team.tenant.id)).cookie;
      const form = formBody({ intent: "generate", confirmRotation: "on" });
      const posted = await callRoute(pageSecrets, {
        method: "POST",
        path: "/dashboard/deploy/secrets",
        body: form.body,
        headers: { Cookie: cookie, ...form.headers },
      });
      expect(posted.status).toBe(303);
      expect(posted.location).toBe("/dashboard/deploy/secrets/once");
      expect(posted.text).not.toContain(DB_PASSWORD);
      const page = await callRoute(pageSecretsOnce, { method: "GET", path: "/dashboard/deploy/secrets/once", headers: { Cookie: cookie } });
      expect(page.status).toBe(200);
      expect(page.body).toMatchObject({ view: { state: "fresh", rotated: true } });
      expect(page.text).not.toContain(DB_PASSWORD);
      expect(page.text).toContain("app:••••@db.example.com");
      const download = await callRoute(pageSecretsDownload, {
        method: "POST",
        path: "/dashboard/deploy/secrets/download",
        headers: { Cookie: cookie, ...formBody({}).headers },
      });
      expect(download.status).toBe(200);
      expect(download.headers.get("content-disposition")).toMatch(/^attachment; filename=".+\.env"$/);
      expect(download.text).not.toContain(DB_PASSWORD);
      expect(download.text).toContain("app:••••@db.example.com");
      expect((await db().secretReveal.findFirstOrThrow({ where: { tenantId: team.tenant.id } })).sealed).not.toContain(DB_PASSWORD);
    });
  });

  describe("6. live URL ports", () => {
    it.each([
      "https://app.example.com:0",
      "https://app.example.com:22",
      "https://app.example.com:25",
      "https://app.example.com:80",
      "https://app.example.com:1023",
    ])("%s is refused with a field error naming the fix, and nothing is saved", async (appUrl) => {
      const { team, owner } = await setup();
      const before = await snapshot(team.tenant.id);
      const outcome = await callRoute(apiConfig, {
        method: "PUT",
        path: "/api/deploy/config",
        body: JSON.stringify({ appUrl }),
        headers: { ...owner, ...jsonBody({}).headers },
      });
      expect(outcome.status).toBe(400);
      expect(isApiErrorShape(outcome.body)).toBe(true);
      const messages = (outcome.body as { error: { fields: Record<string, string[]> } }).error.fields.appUrl!.join(" ");
      expect(messages).toMatch(/[Pp]ort/);
      expect(messages).toMatch(/Remove :\d+/);
      expect(await snapshot(team.tenant.id)).toBe(before);
    });

    it.each([
      ["https://app.example.com:443", "https://app.example.com"],
      ["https://app.example.com:8443", "https://app.example.com:8443"],
      ["https://app.example.com:3000", "https://app.example.com:3000"],
    ])("%s is saved as %s", async (appUrl, saved) => {
      const { team, owner } = await setup();
      const outcome = await callRoute(apiConfig, {
        method: "PUT",
        path: "/api/deploy/config",
        body: JSON.stringify({ appUrl }),
        headers: { ...owner, ...jsonBody({}).headers },
      });
      expect(outcome.status, outcome.text.slice(0, 300)).toBe(200);
      expect((await deployState(team.tenant.id)).row.appUrl).toBe(saved);
    });
  });

  describe("7. verification follows no redirect, as DEPLOY.md says", () => {
    it("a same-origin redirect and one to another origin are reported with the fix; no target is called, the token stays with the live URL", async () => {
      const elsewhere = await startLoopbackServer((_req, res) => res.end("{}"));
      cleanups.push(() => elsewhere.close());
      const live = await startLoopbackServer((req, res) => {
        const to = req.url === "/api/dashboard/stats" ? `${elsewhere.origin}/api/dashboard/stats` : `${req.url}-moved`;
        res.writeHead(req.url === "/health" ? 301 : 307, { location: to });
        res.end();
      });
      cleanups.push(() => live.close());
      const { team, owner } = await setup();
      await saveAppUrl(team.as("OWNER"), live.origin);
      await ensurePassingRuns(team.as("OWNER"));
      const outcome = await verify(owner);
      expect(outcome.status).toBe(200);
      for (const id of ["live.health", "live.ready", "live.stats"]) {
        expect(checkOf(outcome, id), id).toMatchObject({
          status: "fail",
          detail: expect.stringMatching(/redirect/),
          fix: { text: expect.stringMatching(/without redirects/) },
        });
      }
      expect(live.requests.map((request) => request.url).sort()).toEqual(["/api/dashboard/stats", "/health", "/ready"]);
      expect(elsewhere.connections).toBe(0);
      expect(live.requests.filter((request) => request.headers.authorization).map((request) => request.url)).toEqual(["/api/dashboard/stats"]);
    });
  });

  describe("8. unknown keys inside optionalKeys", () => {
    it("are refused with 400 naming the field, and nothing is saved", async () => {
      const { team, owner } = await setup();
      const before = await snapshot(team.tenant.id);
      const put = (body: unknown) =>
        callRoute(apiConfig, { method: "PUT", path: "/api/deploy/config", body: JSON.stringify(body), headers: { ...owner, ...jsonBody({}).headers } });
      const outcome = await put({ optionalKeys: { OPENAI_API_KEY: "sk-proj-Review0123456789abcdefgh", OPENAI_KEY: "sk-proj-Review0123456789abcdefgh" } });
      expect(outcome.status).toBe(400);
      expect(isApiErrorShape(outcome.body)).toBe(true);
      const fields = (outcome.body as { error: { fields: Record<string, string[]> } }).error.fields;
      expect(Object.keys(fields)).toEqual(["optionalKeys.OPENAI_KEY"]);
      expect(fields["optionalKeys.OPENAI_KEY"]!.join(" ")).toMatch(/OPENAI_API_KEY/);
      expect(await snapshot(team.tenant.id)).toBe(before);
      // The known keys alone still save.
      expect((await put({ optionalKeys: { OPENAI_API_KEY: "sk-proj-Review0123456789abcdefgh" } })).status).toBe(200);
    });
  });
});
