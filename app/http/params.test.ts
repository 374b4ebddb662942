import { describe, expect, it } from "vitest";
import { parseDateParam } from "./params";

describe("parseDateParam", () => {
  it("takes absent and empty as no date, and ISO dates in range", () => {
    expect(parseDateParam(null)).toEqual({ ok: true, date: undefined });
    expect(parseDateParam("")).toEqual({ ok: true, date: undefined });
    expect(parseDateParam("2026-01-31T12:00:00Z")).toEqual({ ok: true, date: new Date("2026-01-31T12:00:00Z") });
    expect(parseDateParam("2026-01-31")).toEqual({ ok: true, date: new Date("2026-01-31") });
  });

  it.each([
    "-271821-04-20T00:00:00.000Z",
    "+275760-09-13T00:00:00.000Z",
    "-000001-01-01T00:00:00Z",
    "1969-12-31T23:59:59Z",
    "+010000-01-01T00:00:00Z",
    "not a date",
    "2026-13-45",
    "\u0000",
  ])("refuses %j with a message", (value) => {
    const result = parseDateParam(value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/\w/);
  });
});
