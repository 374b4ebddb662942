import { describe, expect, it } from "vitest";
import { judgeHandover } from "./handover.server";
import { testEnv } from "../../../tests/helpers/db";

testEnv();
const ok = (status: number, body: unknown) => ({
  ok: true as const,
  status,
  headers: {},
  body: typeof body === "string" ? body : JSON.stringify(body),
  timingMs: 5,
  finalUrl: "https://acme.example.com",
});

describe("the hand-over's result as verification shows it", () => {
  it("passes on the instance's summary, first time and again, in its own words", () => {
    expect(judgeHandover(ok(200, { created: true, setupDone: 3, modulesEnabled: ["ai"], invitationsCreated: 4 }), "Acme")).toMatchObject({
      status: "pass",
      code: "handed_over",
      detail: expect.stringMatching(/Handed over “Acme”.*3 of \d+ setup items.*modules ai, 4 new invitations/),
    });
    expect(judgeHandover(ok(200, { created: false, setupDone: 0, modulesEnabled: [], invitationsCreated: 1 }), "Acme")).toMatchObject({
      status: "pass",
      code: "updated",
      detail: expect.stringContaining("1 new invitation."),
    });
  });

  it("fails with a fix: another workspace (409), no hand-over there (404), a refused token (401), anything else; never the remote's words", () => {
    expect(judgeHandover(ok(409, { error: { code: "conflict" } }), "Acme")).toMatchObject({
      status: "fail",
      code: "other_workspace",
      fix: { href: "/dashboard/deploy/url" },
    });
    expect(judgeHandover(ok(404, "<html>not found</html>"), "Acme")).toMatchObject({
      status: "fail",
      code: "no_handover",
      fix: { text: expect.stringContaining("GOLIVE_MODE=instance") },
    });
    expect(judgeHandover(ok(401, { error: { reason: "signature" } }), "Acme")).toMatchObject({
      status: "fail",
      code: "token_refused",
      detail: expect.stringContaining("signature"),
    });
    const odd = judgeHandover(ok(200, { created: true, modulesEnabled: ["<script>alert(1)</script>"] }), "Acme");
    expect(odd.detail).not.toContain("<script>");
    expect(judgeHandover(ok(500, "REMOTE-SECRET-TEXT"), "Acme")).toMatchObject({ status: "fail", detail: expect.not.stringContaining("REMOTE-SECRET-TEXT") });
    expect(judgeHandover({ ok: false, kind: "timeout", detail: "x", timingMs: 5 }, "Acme")).toMatchObject({
      status: "fail",
      fix: { href: "/dashboard/deploy/verify" },
    });
  });
});
