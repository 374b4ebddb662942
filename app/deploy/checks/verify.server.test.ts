import { describe, expect, it } from "vitest";
import { judgeCertificate, judgeHealth, judgeModuleKeys, judgeReady, judgeStats, namesFromReadyBody } from "./verify.server";
import { MODULE_KEY_NAMES } from "~/env.server";
import { OPTIONAL_KEYS } from "~/deploy/config/optional-keys";
import { testEnv } from "../../../tests/helpers/db";
import { workspaceFingerprint } from "~/workspace/instance.server";

testEnv();
const appUrl = "https://acme.onrender.com";
const ok = (status: number, body: unknown) => ({
  ok: true as const,
  status,
  headers: {},
  body: typeof body === "string" ? body : JSON.stringify(body),
  timingMs: 5,
  finalUrl: appUrl,
});
const failed = (kind: "dns" | "refused" | "timeout" | "tls" | "blocked" | "too_large" | "redirect" | "network") => ({
  ok: false as const,
  kind,
  detail: "classified",
  timingMs: 5,
});
const expected = { appUrl, encryptionKeyFingerprint: "sha256:aaaaaaaaaaaaaaaa", workspaceId: "ws-ours" };
/** A Go-Live instance's refusal of a verifier token: its reason code and its public identity. */
const refused = (reason: string, mode: "platform" | "instance", workspace: string | null) =>
  ok(401, { error: { code: "invalid_token", reason, message: "refused" }, instance: { app: "go-live", mode, workspace } });

describe("verification judgements", () => {
  it("tells 'not deployed yet' from 'deployed but unhealthy'", () => {
    expect(judgeHealth(failed("dns"), appUrl)).toMatchObject({ status: "fail", detail: expect.stringMatching(/does not resolve in DNS/) });
    expect(judgeHealth(failed("refused"), appUrl)).toMatchObject({
      status: "fail",
      detail: expect.stringMatching(/Nothing accepts connections.*not deployed yet, stopped or crashed/),
    });
    expect(judgeHealth(ok(500, "boom"), appUrl)).toMatchObject({ status: "fail", detail: expect.stringMatching(/unhealthy/), httpStatus: 500 });
    expect(judgeHealth(ok(200, { status: "pass" }), appUrl)).toMatchObject({ status: "pass" });
    expect(judgeHealth(ok(200, "<html>some other app</html>"), appUrl)).toMatchObject({ status: "fail", code: "not_this_app" });
  });

  it("names what /ready says is missing, and nothing else from the remote body", () => {
    const body = {
      status: "fail",
      checks: {
        "env:required": [{ status: "fail", output: "missing: JWT_SECRET, APP_URL <script>x</script> password=hunter2" }],
        "database:responseTime": [{ status: "pass" }],
      },
    };
    const result = judgeReady(ok(503, body), appUrl);
    expect(result.status).toBe("fail");
    expect(result.detail).toContain("JWT_SECRET");
    expect(result.detail).toContain("APP_URL");
    expect(result.detail).not.toContain("hunter2");
    expect(result.detail).not.toContain("<script>");
    expect(namesFromReadyBody("not json")).toEqual([]);
  });

  it("a database only the host reaches is checked from inside: a failing /ready sends the owner to step C, not to pre-flight", () => {
    const body = { status: "fail", checks: { "database:responseTime": [{ status: "fail", output: "the database is unreachable" }] } };
    expect(judgeReady(ok(503, body), appUrl).fix).toMatchObject({ href: "/dashboard/deploy/preflight" });
    expect(judgeReady(ok(503, body), appUrl, { databasePrivate: true })).toMatchObject({
      status: "fail",
      fix: { href: "/dashboard/deploy/database", text: expect.stringContaining("private network") },
    });
  });

  it("tells which app answers: not Go-Live, Go-Live with another APP_URL, other secrets, another workspace, the platform, this workspace's instance", () => {
    expect(judgeStats(ok(401, {}), expected)).toMatchObject({ status: "fail", code: "not_this_app" });
    expect(judgeStats(refused("audience", "instance", null), expected)).toMatchObject({
      status: "fail",
      code: "wrong_app_url",
      fix: { text: expect.stringContaining(`Set APP_URL on your host to exactly ${appUrl}`) },
    });
    expect(judgeStats(refused("audience", "instance", null), expected).fix?.text).not.toContain("JWT_SECRET");
    expect(judgeStats(refused("signature", "instance", null), expected)).toMatchObject({
      code: "wrong_secrets",
      detail: expect.stringMatching(/Wrong secrets.*JWT_SECRET/),
      fix: { href: "/dashboard/deploy/secrets" },
    });
    expect(judgeStats(refused("signature", "instance", workspaceFingerprint("ws-ours")), expected)).toMatchObject({ code: "wrong_secrets" });
    expect(judgeStats(refused("signature", "instance", workspaceFingerprint("ws-theirs")), expected)).toMatchObject({
      code: "other_workspace",
      fix: { href: "/dashboard/deploy/url" },
    });
    expect(judgeStats(refused("signature", "platform", null), expected)).toMatchObject({ code: "platform", fix: { href: "/dashboard/deploy/url" } });
    expect(judgeStats(refused("no_secret", "instance", null), expected)).toMatchObject({
      code: "wrong_secrets",
      detail: expect.stringContaining("without JWT_SECRET"),
    });
    const answer = (extra: object) =>
      ok(200, { appUrl, encryptionKeyFingerprint: expected.encryptionKeyFingerprint, mode: "instance", workspace: null, ...extra });
    expect(judgeStats(answer({ encryptionKeyFingerprint: "sha256:bbbbbbbbbbbbbbbb" }), expected)).toMatchObject({
      status: "fail",
      code: "wrong_secrets",
      detail: expect.stringMatching(/ENCRYPTION_KEY/),
    });
    expect(judgeStats(answer({ appUrl: "https://other.example.com" }), expected)).toMatchObject({ status: "fail", code: "wrong_app_url" });
    expect(judgeStats(answer({ mode: "platform" }), expected)).toMatchObject({
      status: "fail",
      code: "not_instance_mode",
      fix: { text: expect.stringContaining("GOLIVE_MODE=instance") },
    });
    expect(judgeStats(answer({ workspace: { id: "ws-theirs", name: "Theirs" } }), expected)).toMatchObject({ status: "fail", code: "other_workspace" });
    expect(judgeStats(answer({ workspace: { id: "ws-ours", name: "Ours" } }), expected)).toMatchObject({ status: "pass", code: "right_app" });
    expect(judgeStats(answer({}), expected)).toMatchObject({ status: "pass", code: "right_app", detail: expect.stringContaining("empty") });
    expect(judgeStats(ok(200, "not json"), expected)).toMatchObject({ status: "fail", code: "not_this_app" });
  });

  it("checks the enabled modules' keys where they are used: missing, different, or held (by fingerprint)", () => {
    const expectedKeys = [
      { name: "OPENAI_API_KEY", module: "ai", fingerprint: "sha256:1111111111111111" },
      { name: "PAYMENTS_SECRET_KEY", module: "payments", fingerprint: "sha256:2222222222222222" },
    ];
    const body = (moduleKeys: Record<string, string>) => JSON.stringify({ moduleKeys });
    expect(judgeModuleKeys(body({}), expectedKeys)).toMatchObject({ status: "fail", code: "module_key_missing", fix: { href: "/dashboard/deploy/keys" } });
    expect(judgeModuleKeys(body({ OPENAI_API_KEY: "sha256:1111111111111111", PAYMENTS_SECRET_KEY: "sha256:9999999999999999" }), expectedKeys)).toMatchObject({
      status: "fail",
      code: "module_key_differs",
      detail: expect.stringContaining("PAYMENTS_SECRET_KEY"),
    });
    expect(judgeModuleKeys(body({ OPENAI_API_KEY: "sha256:1111111111111111", PAYMENTS_SECRET_KEY: "sha256:2222222222222222" }), expectedKeys).status).toBe(
      "pass",
    );
    expect(judgeModuleKeys("not json", []).status).toBe("pass");
    // The instance reads the same names the wizard asks for in step E.
    expect([...MODULE_KEY_NAMES]).toEqual([...OPTIONAL_KEYS]);
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
