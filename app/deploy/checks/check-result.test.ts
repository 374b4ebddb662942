import { describe, expect, it } from "vitest";
import { boundRunChecks, RUN_LIMITS, type CheckResult } from "./check-result";

const bytes = (checks: CheckResult[]) => Buffer.byteLength(JSON.stringify({ checks }));

describe("boundRunChecks", () => {
  it("keeps ordinary checks exactly as they are", () => {
    const checks: CheckResult[] = [
      { id: "database.reachable", title: "Database reachable", status: "pass", detail: "Connected.", fix: null, timingMs: 12, target: "db.example.com:5432" },
      {
        id: "live.stats",
        title: "GET /api/dashboard/stats",
        status: "fail",
        detail: "Wrong secrets.",
        fix: { text: "Set JWT_SECRET.", href: "/dashboard/deploy/secrets" },
        httpStatus: 401,
      },
    ];
    expect(boundRunChecks(checks)).toEqual(checks);
  });

  it("clips every field and keeps the whole under the byte limit, whatever the checks hold", () => {
    const huge = "é".repeat(1_000_000);
    const checks: CheckResult[] = Array.from({ length: 50 }, (_, i) => ({
      id: `${i}${huge}`,
      title: huge,
      status: i === 3 ? "fail" : "pass",
      detail: huge,
      fix: { text: huge, href: huge },
      target: huge,
      timingMs: i,
    }));
    const bounded = boundRunChecks(checks);
    expect(bounded).toHaveLength(RUN_LIMITS.checks);
    expect(bytes(bounded)).toBeLessThanOrEqual(RUN_LIMITS.bytes);
    expect(bounded[3]!.status).toBe("fail");
    for (const check of bounded) expect(Array.from(check.detail).length).toBeLessThanOrEqual(RUN_LIMITS.detail);
  });

  it("cuts details shorter only when the run would otherwise be too large", () => {
    const checks: CheckResult[] = Array.from({ length: 6 }, (_, i) => ({ id: `c${i}`, title: "t", status: "pass", detail: "x".repeat(400), fix: null }));
    expect(boundRunChecks(checks).map((check) => check.detail.length)).toEqual(Array(6).fill(400));
  });

  it("a status that is not one of pass, warn, fail is stored as fail", () => {
    const odd = { id: "x", title: "x", status: "maybe", detail: "", fix: null } as unknown as CheckResult;
    expect(boundRunChecks([odd])[0]!.status).toBe("fail");
  });
});
