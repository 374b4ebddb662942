import { describe, expect, it } from "vitest";
import { judgeCertificate, judgeHealth, judgeReady, judgeStats, namesFromReadyBody } from "./verify.server";
import { testEnv } from "../../../tests/helpers/db";

testEnv();
const appUrl = "https://acme.onrender.com";
const ok = (status: number, body: unknown) => ({ ok: true as const, status, headers: {}, body: typeof body === "string" ? body : JSON.stringify(body), timingMs: 5, finalUrl: appUrl });
const failed = (kind: "dns" | "refused" | "timeout" | "tls" | "blocked" | "too_large" | "redirect" | "network") => ({ ok: false as const, kind, detail: "classified", timingMs: 5 });
const expected = { appUrl, encryptionKeyFingerprint: "sha256:aaaaaaaaaaaaaaaa" };

describe("verification judgements", () => {
  it("tells 'not deployed yet' from 'deployed but unhealthy'", () => {
    expect(judgeHealth(failed("dns"), appUrl)).toMatchObject({ status: "fail", detail: expect.stringMatching(/Not deployed yet.*DNS/) });
    expect(judgeHealth(failed("refused"), appUrl)).toMatchObject({ status: "fail", detail: expect.stringMatching(/Not deployed yet/) });
    expect(judgeHealth(ok(500, "boom"), appUrl)).toMatchObject({ status: "fail", detail: expect.stringMatching(/unhealthy/), httpStatus: 500 });
    expect(judgeHealth(ok(200, { status: "pass" }), appUrl)).toMatchObject({ status: "pass" });
    expect(judgeHealth(ok(200, "<html>some other app</html>"), appUrl).status).toBe("fail");
  });

  it("names what /ready says is missing, and nothing else from the remote body", () => {
    const body = { status: "fail", checks: { "env:required": [{ status: "fail", output: "missing: JWT_SECRET, APP_URL <script>x</script> password=hunter2" }], "database:responseTime": [{ status: "pass" }] } };
    const result = judgeReady(ok(503, body), appUrl);
    expect(result.status).toBe("fail");
    expect(result.detail).toContain("JWT_SECRET");
    expect(result.detail).toContain("APP_URL");
    expect(result.detail).not.toContain("hunter2");
    expect(result.detail).not.toContain("<script>");
    expect(namesFromReadyBody("not json")).toEqual([]);
  });

  it("reports wrong secrets on 401 and on an encryption-key fingerprint mismatch, and the wrong app on another APP_URL", () => {
    expect(judgeStats(ok(401, {}), expected)).toMatchObject({ status: "fail", detail: expect.stringMatching(/Wrong secrets.*JWT_SECRET/), fix: { href: "/dashboard/deploy/secrets" } });
    expect(judgeStats(ok(200, { appUrl, encryptionKeyFingerprint: "sha256:bbbbbbbbbbbbbbbb" }), expected)).toMatchObject({ status: "fail", detail: expect.stringMatching(/ENCRYPTION_KEY/) });
    expect(judgeStats(ok(200, { appUrl: "https://other.example.com", encryptionKeyFingerprint: expected.encryptionKeyFingerprint }), expected)).toMatchObject({ status: "fail", detail: expect.stringMatching(/Wrong app/) });
    expect(judgeStats(ok(200, { appUrl, encryptionKeyFingerprint: expected.encryptionKeyFingerprint }), expected)).toMatchObject({ status: "pass" });
    expect(judgeStats(ok(200, "not json"), expected).status).toBe("fail");
  });

  it("classifies every transport failure with a fix", () => {
    for (const kind of ["dns", "refused", "timeout", "tls", "blocked", "too_large", "redirect", "network"] as const) {
      const result = judgeStats(failed(kind), expected);
      expect(result.status).toBe("fail");
      expect(result.fix?.href).toMatch(/^\/dashboard\/deploy\//);
    }
  });

  it("warns on a certificate close to expiry and on plain http for development", () => {
    expect(judgeCertificate(null, appUrl).status).toBe("warn");
    expect(judgeCertificate({ ok: true, authorized: true, validTo: "", daysToExpiry: 5, issuer: "", subject: "" }, appUrl).status).toBe("warn");
    expect(judgeCertificate({ ok: true, authorized: true, validTo: "", daysToExpiry: 60, issuer: "", subject: "" }, appUrl).status).toBe("pass");
    expect(judgeCertificate({ ok: false, kind: "untrusted", detail: "" }, appUrl)).toMatchObject({ status: "fail", detail: expect.stringMatching(/trusted/) });
  });
});
