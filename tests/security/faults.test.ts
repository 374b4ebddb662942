import type http from "node:http";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "~/db/client.server";
import { saveAppUrl } from "~/deploy/config/deploy-config.server";
import type { Resolver } from "~/deploy/checks/net/address-policy.server";
import { runVerification } from "~/deploy/checks/verify.server";
import { makeCertificate } from "../helpers/certificates";
import { closedPort, startLoopbackServer, type LoopbackServer } from "../helpers/loopback-server";
import { useTestDatabase } from "../helpers/db";
import { configureDeploy, tenantWithTeam, type Ctx } from "./helpers/fixtures";

/**
 * Faults (issue 5) at the level a person sees them: a whole verification run against a live URL that
 * hangs, answers 500 or 10 MB, closes mid-response, redirects to a private address or in a loop, or
 * presents an untrusted certificate. Each must end as a stored, audited, failed check with a fix,
 * within the check timeout plus a margin. The tenant database's faults at the same level (accepts and
 * never answers, refuses, rejects the password) are in tests/integration/preflight.test.ts, and the
 * transport-level ones in app/deploy/net/*.test.ts and tests/integration/database-probe.test.ts.
 */
const TIMEOUT_MS = 1500;
const MARGIN_MS = 1500;
const REMOTE_MARKER = "REMOTE-BODY-7f3a";

describe("faults", () => {
  useTestDatabase("pglite", { DEPLOY_CHECK_TIMEOUT_MS: String(TIMEOUT_MS), ALLOW_LOCAL_TARGETS: "true" });
  let ctx: Ctx;
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  });

  beforeAll(async () => {
    const team = await tenantWithTeam("Faults Co");
    ctx = team.as("OWNER");
    await configureDeploy(ctx, { appUrl: "https://faults.example.com", databaseUrl: "postgresql://app:faults-pw-1@db.example.com:5432/app" });
  });

  async function server(handler: http.RequestListener, tlsCertificate = false) {
    const started: LoopbackServer = await startLoopbackServer(handler, tlsCertificate ? makeCertificate() : undefined);
    cleanups.push(() => started.close());
    return started;
  }

  /** Runs a verification against `origin` and checks the common promises: failed, fixes, bounded, stored, audited. */
  async function verifyAgainst(origin: string, resolver?: Resolver) {
    await saveAppUrl(ctx, origin);
    const auditsBefore = await db().auditLog.count({ where: { tenantId: ctx.tenant.id, action: "DEPLOY_VERIFY_FAILED" } });
    const started = performance.now();
    const run = await runVerification(ctx, { resolver });
    const took = performance.now() - started;
    expect(took, "bounded in time").toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    expect(run.status).toBe("failed");
    const byId = Object.fromEntries(run.checks.map((check) => [check.id, check]));
    for (const id of ["live.health", "live.ready", "live.stats"]) {
      expect(byId[id]?.status, `${id}: ${byId[id]?.detail}`).toBe("fail");
      expect(byId[id]?.fix?.href, id).toMatch(/^\/dashboard\/deploy\//);
      expect(byId[id]?.fix?.text.length, id).toBeGreaterThan(10);
    }
    const stored = await db().deployRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(stored.status).toBe("failed");
    expect(stored.errorText).toMatch(/^Failed: /);
    expect(JSON.stringify(stored)).not.toContain(REMOTE_MARKER);
    expect(await db().auditLog.count({ where: { tenantId: ctx.tenant.id, action: "DEPLOY_VERIFY_FAILED" } })).toBe(auditsBefore + 1);
    return { run, byId, took };
  }

  describe("the live URL misbehaves", () => {
    it("hangs: every call times out at the check timeout, with a fix", async () => {
      const s = await server(() => {
        /* never answers */
      });
      const { byId, took } = await verifyAgainst(s.origin);
      expect(byId["live.health"]!.detail).toMatch(/No answer .* within 1\.5 s/);
      expect(took).toBeGreaterThanOrEqual(TIMEOUT_MS - 100);
      // One connection per call, and the run closes them all before it returns.
      expect(s.connections).toBe(3);
      await vi.waitFor(() => expect(s.openConnections).toBe(0), { timeout: 500 });
    });

    it("answers 500 (with a body that is never echoed)", async () => {
      const s = await server((_req, res) => {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(`${REMOTE_MARKER} at Object.<anonymous> (/srv/app/secret-path.js:1:1)`);
      });
      const { byId } = await verifyAgainst(s.origin);
      expect(byId["live.health"]!.detail).toMatch(/unhealthy: \/health answered 500/);
      expect(byId["live.ready"]!.detail).toMatch(/answered 500/);
    });

    it("answers 10 MB: the read stops at the cap", async () => {
      const s = await server((_req, res) => {
        let served = 0;
        res.writeHead(200, { "content-type": "application/json" });
        const chunk = Buffer.alloc(64 * 1024, "x");
        const pump = () => {
          while (served < 10 * 1024 * 1024) {
            served += chunk.length;
            if (!res.write(chunk)) return void res.once("drain", pump);
          }
          res.end();
        };
        res.on("close", () => (served = Number.POSITIVE_INFINITY));
        pump();
      });
      const { byId } = await verifyAgainst(s.origin);
      for (const id of ["live.health", "live.ready", "live.stats"])
        expect(byId[id]!.detail).toMatch(/larger than this endpoint ever sends|not the Go-Live app/);
    });

    it("closes the connection mid-response", async () => {
      const s = await server((_req, res) => {
        res.writeHead(200, { "content-type": "application/json", "content-length": "5000" });
        res.write(`{"status":"pa ${REMOTE_MARKER}`);
        setTimeout(() => res.socket?.destroy(), 20);
      });
      const { byId } = await verifyAgainst(s.origin);
      expect(byId["live.health"]!.detail).toMatch(/connection .* failed|closed/i);
    });

    it("redirects to a private address (through a name the resolver maps to 10.x) and to the metadata IP: refused, never connected", async () => {
      const resolver: Resolver = async (hostname) => {
        if (hostname === "internal.example.test") return [{ address: "10.20.30.40", family: 4 }];
        throw Object.assign(new Error("unexpected lookup"), { code: "ENOTFOUND" });
      };
      const s = await server((req, res) => {
        const target = req.url === "/ready" ? "http://169.254.169.254/latest/meta-data/" : `http://internal.example.test:${s.port}${req.url}`;
        res.writeHead(302, { location: target });
        res.end();
      });
      const { byId } = await verifyAgainst(s.origin, resolver);
      expect(byId["live.health"]!.detail).toMatch(/redirect/i);
      expect(byId["live.ready"]!.detail).toMatch(/redirect/i);
      // Only the first hop of each call reached the loopback server; the private targets were never dialled (the tripwire would throw).
      expect(s.requests.map((r) => r.url).sort()).toEqual(["/api/dashboard/stats", "/health", "/ready"]);
    });

    it("redirects in a loop", async () => {
      const s = await server((req, res) => {
        res.writeHead(307, { location: req.url ?? "/" });
        res.end();
      });
      const { byId } = await verifyAgainst(s.origin);
      expect(byId["live.health"]!.detail).toMatch(/loop/);
      expect(s.requests.length).toBeLessThanOrEqual(3 * 2);
    });

    it("presents a certificate the system does not trust", async () => {
      const s = await server((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end('{"status":"pass"}');
      }, true);
      const { byId } = await verifyAgainst(s.origin);
      expect(s.origin).toMatch(/^https:/);
      expect(byId["live.health"]!.detail).toMatch(/HTTPS connection .* failed/);
      expect(byId["live.certificate"]!.status).toBe("fail");
      expect(byId["live.certificate"]!.detail).toMatch(/not issued by a trusted authority/);
      expect(s.requests).toHaveLength(0);
    });

    it("refuses connections (nothing deployed yet)", async () => {
      const { byId } = await verifyAgainst(`http://127.0.0.1:${await closedPort()}`);
      expect(byId["live.health"]!.detail).toMatch(/Nothing accepts connections/);
    });
  });
});
