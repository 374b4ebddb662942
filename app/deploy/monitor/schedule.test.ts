import { describe, expect, it } from "vitest";
import { ago, effectiveIntervalSeconds, healthVerdict, nextSlot, outcomeOf, slotOffsetMs } from "./schedule";
import { withFullStop } from "~/workspace/format";

describe("stay LIVE schedule", () => {
  it("takes the owner's minutes above the operator's floor, and a floor under a minute as the cadence", () => {
    expect(effectiveIntervalSeconds(5, 60)).toBe(300);
    expect(effectiveIntervalSeconds(1, 300)).toBe(300);
    expect(effectiveIntervalSeconds(90, 60)).toBe(3600);
    expect(effectiveIntervalSeconds(5, 10)).toBe(10);
  });

  it("spreads workspaces over the interval and gives each its own next slot at or after a time", () => {
    const offsets = new Set(Array.from({ length: 50 }, (_, i) => Math.floor(slotOffsetMs(`tenant-${i}`, 300_000) / 30_000)));
    expect(offsets.size).toBeGreaterThan(5);
    const at = new Date("2026-12-05T14:00:00Z");
    const slot = nextSlot("t1", 300, at);
    expect(slot.getTime()).toBeGreaterThanOrEqual(at.getTime());
    expect(slot.getTime() - at.getTime()).toBeLessThan(300_000);
    expect(nextSlot("t1", 300, slot).getTime()).toBe(slot.getTime());
    expect(nextSlot("t1", 300, new Date(slot.getTime() + 1)).getTime()).toBe(slot.getTime() + 300_000);
  });

  it("judges a check: failed, a certificate near its end, slow, or fine", () => {
    const ok = { id: "live.health", title: "GET /health", status: "pass" as const, detail: "up", fix: null, timingMs: 40 };
    expect(outcomeOf([ok]).status).toBe("pass");
    expect(outcomeOf([{ ...ok, timingMs: 4000 }])).toMatchObject({ status: "warn", cause: expect.stringMatching(/slowly/) });
    expect(
      outcomeOf([ok, { id: "live.certificate", title: "HTTPS certificate", status: "warn", code: "cert_expiring", detail: "expires in 5 days", fix: null }]),
    ).toMatchObject({ status: "warn", certExpiring: true });
    expect(outcomeOf([{ ...ok, status: "fail", detail: "Not deployed yet" }])).toMatchObject({ status: "fail", cause: "GET /health: Not deployed yet" });
  });

  it("turns BLOCKED only after two failures in a row, and says when it last checked", () => {
    const now = new Date("2026-12-05T14:10:00Z");
    const base = {
      lastCheckAt: "2026-12-05T14:07:00Z",
      lastStatus: "pass",
      lastCheckId: "c",
      consecutiveFailures: 0,
      failingSince: null,
      failingCheckId: null,
      failingCause: null,
    };
    expect(healthVerdict(base, now)).toEqual({ state: "LIVE", reason: "Live and verified · checked 3 min ago" });
    expect(healthVerdict({ ...base, lastStatus: "fail", consecutiveFailures: 1, failingSince: "2026-12-05T14:02:00Z" }, now).state).toBe("LIVE");
    expect(
      healthVerdict(
        { ...base, lastStatus: "fail", consecutiveFailures: 2, failingSince: "2026-12-05T14:02:00Z", failingCheckId: "f", failingCause: "GET /health: down" },
        now,
      ),
    ).toEqual({
      state: "BLOCKED",
      reason: "Your app stopped answering at 14:02 UTC: GET /health: down (checked 3 min ago)",
      checkId: "f",
    });
    expect(healthVerdict({ ...base, lastStatus: "warn", failingCause: "The certificate expires in 5 days." }, now).state).toBe("ACTION_REQUIRED");
    expect(ago(new Date(now.getTime() - 30_000), now)).toBe("just now");
  });
});

describe("withFullStop", () => {
  it("ends a reason with one full stop, never two", () => {
    expect(withFullStop("nothing accepts connections at example.com:443")).toBe("nothing accepts connections at example.com:443.");
    expect(withFullStop("nothing accepts connections at example.com.")).toBe("nothing accepts connections at example.com.");
  });
});
