import { afterEach, describe, expect, it } from "vitest";
import { makeCertificate } from "../../../../tests/helpers/certificates";
import { closedPort, startLoopbackServer, startSilentServer, type LoopbackServer } from "../../../../tests/helpers/loopback-server";
import type { Resolver } from "./address-policy.server";
import { inspectCertificate } from "./certificate.server";

const dev = { allowLoopback: true };
const servers: { close(): Promise<void> }[] = [];
async function tlsServer(certificate = trusted): Promise<LoopbackServer> {
  const s = await startLoopbackServer((_req, res) => res.end("ok"), certificate);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const trusted = makeCertificate({ days: 30 });
const expired = makeCertificate({ expired: true });
const toLoopback: Resolver = async () => [{ address: "127.0.0.1", family: 4 }];

describe("inspectCertificate", () => {
  it("calls a self-signed certificate untrusted", async () => {
    const s = await tlsServer();
    const result = await inspectCertificate(`https://localhost:${s.port}/`, { timeoutMs: 2000, policy: dev });
    expect(result).toMatchObject({ ok: false, kind: "untrusted" });
    if (!result.ok) expect(result.detail).toMatch(/self-signed/);
    expect(s.requests).toHaveLength(0); // a handshake only, no HTTP request
  });

  it("reports issuer, subject, expiry and days to expiry of a trusted certificate", async () => {
    const s = await tlsServer();
    const result = await inspectCertificate(`https://localhost:${s.port}`, { timeoutMs: 2000, policy: dev, ca: trusted.cert });
    expect(result).toMatchObject({ ok: true, authorized: true, issuer: "Go-Live Test (localhost)", subject: "Go-Live Test (localhost)" });
    if (result.ok) {
      expect([29, 30]).toContain(result.daysToExpiry);
      expect(new Date(result.validTo).toISOString()).toBe(result.validTo);
      expect(Date.parse(result.validTo) - Date.now()).toBeGreaterThan(29 * 86_400_000);
    }
  });

  it("calls a trusted certificate for another name a hostname mismatch", async () => {
    const s = await tlsServer();
    const result = await inspectCertificate(`https://app.example.com:${s.port}/`, { timeoutMs: 2000, policy: dev, ca: trusted.cert, resolver: toLoopback });
    expect(result).toMatchObject({ ok: false, kind: "hostname_mismatch" });
  });

  it("calls an expired certificate expired", async () => {
    const s = await tlsServer(expired);
    const result = await inspectCertificate(`https://localhost:${s.port}/`, { timeoutMs: 2000, policy: dev, ca: expired.cert });
    expect(result).toMatchObject({ ok: false, kind: "expired" });
  });

  it("refuses http URLs, blocked addresses and reports refused and timeout", async () => {
    expect(await inspectCertificate("http://example.com/", { timeoutMs: 1000, policy: dev })).toMatchObject({ ok: false, kind: "not_https" });
    const s = await tlsServer();
    expect(await inspectCertificate(`https://localhost:${s.port}/`, { timeoutMs: 1000, policy: { allowLoopback: false } })).toMatchObject({
      ok: false,
      kind: "blocked",
    });
    expect(await inspectCertificate(`https://127.0.0.1:${s.port}/`, { timeoutMs: 1000, policy: { allowLoopback: false } })).toMatchObject({
      ok: false,
      kind: "blocked",
    });
    expect(s.connections).toBe(0);
    const internal: Resolver = async () => [{ address: "10.1.2.3", family: 4 }];
    expect(await inspectCertificate("https://db.example.com/", { timeoutMs: 1000, policy: dev, resolver: internal })).toMatchObject({
      ok: false,
      kind: "blocked",
    });
    const gone: Resolver = async () => {
      throw Object.assign(new Error("nope"), { code: "ENOTFOUND" });
    };
    expect(await inspectCertificate("https://nowhere.example.com/", { timeoutMs: 1000, policy: dev, resolver: gone })).toMatchObject({
      ok: false,
      kind: "dns",
    });

    const port = await closedPort();
    expect(await inspectCertificate(`https://127.0.0.1:${port}/`, { timeoutMs: 1000, policy: dev })).toMatchObject({ ok: false, kind: "refused" });

    const silent = await startSilentServer();
    servers.push(silent);
    const started = performance.now();
    expect(await inspectCertificate(`https://127.0.0.1:${silent.port}/`, { timeoutMs: 300, policy: dev })).toMatchObject({ ok: false, kind: "timeout" });
    expect(performance.now() - started).toBeLessThan(300 + 500);
  });
});
