import { describe, expect, it } from "vitest";
import type { LoadResult } from "./harness";
import { referenceVerdicts, type ReferenceRow } from "./reference";
import { scaleVerdicts, type ScaleRow } from "./scale";
import { startsVerdicts, type StartsResult } from "./starts";

const run = (requestsPerSecond: number, faults: Partial<LoadResult> = {}): LoadResult => ({
  requestsPerSecond,
  total: requestsPerSecond * 10,
  p50: 10,
  p99: 50,
  max: 80,
  non2xx: 0,
  errors: 0,
  ...faults,
});

describe("the reference budget (app ≥ 0.60 × the reference's req/s)", () => {
  const row = (app: LoadResult, reference: LoadResult): ReferenceRow => ({
    label: "GET /dashboard",
    app,
    reference,
    appCpuMs: 1,
    referenceCpuMs: 1,
    appBytes: 100,
    referenceBytes: 100,
  });

  it("holds at 60 % and is missed just below", () => {
    expect(referenceVerdicts([row(run(300), run(500))])[0]).toMatchObject({ pass: true, measured: expect.stringContaining("0.60×") });
    expect(referenceVerdicts([row(run(295), run(500))])[0]).toMatchObject({ pass: false });
  });

  it("is missed when either side answered errors, however fast", () => {
    expect(referenceVerdicts([row(run(900, { non2xx: 3 }), run(500))])[0]).toMatchObject({ pass: false, measured: expect.stringContaining("errors") });
    expect(referenceVerdicts([row(run(900), run(500, { errors: 1 }))])[0]!.pass).toBe(false);
  });
});

describe("the scale budget (big workspace's time per request ≤ 1.2 × a new one's)", () => {
  const result = (big: LoadResult, small: LoadResult) => ({
    rows: [{ path: "/api/deploy/runs", big, small, bigBytes: 1, smallBytes: 1 } satisfies ScaleRow],
    counts: {},
    fillSeconds: 1,
  });

  it("compares time per request: the big workspace being slower is what misses", () => {
    expect(scaleVerdicts(result(run(100), run(120)))[0]!.pass).toBe(true);
    expect(scaleVerdicts(result(run(100), run(121)))[0]!.pass).toBe(false);
    expect(scaleVerdicts(result(run(300), run(100)))[0]!.pass).toBe(true);
    expect(scaleVerdicts(result(run(32), run(322)))[0]).toMatchObject({ pass: false, measured: expect.stringContaining("10.06×") });
  });
});

describe("the concurrent-start budget", () => {
  const attempts = (down: number) =>
    Array.from({ length: 20 }, (_, i) => ({
      seed: i >= 10,
      round: (i % 10) + 1,
      up: i < down ? 1 : 2,
      failures: i < down ? ["exited with 1"] : [],
      slowestMs: 900,
    }));
  const mixed = (overrides: Partial<NonNullable<StartsResult["mixed"]>> = {}): NonNullable<StartsResult["mixed"]> => ({
    pages: [{ url: "http://127.0.0.1:4801/dashboard", result: run(40) }],
    writes: { ok: 50, failed: 0, statuses: { 200: 50 }, connectionErrors: 0 },
    audited: 50,
    unaccounted: 0,
    ...overrides,
  });

  it("holds when every pair came up and every write has its audit row", () => {
    expect(startsVerdicts({ attempts: attempts(0), mixed: mixed() }).map((v) => v.pass)).toEqual([true, true]);
  });

  it("fails on one instance down, a write without its audit row, a failed write or page, or no mixed load at all", () => {
    expect(startsVerdicts({ attempts: attempts(1), mixed: mixed() })[0]).toMatchObject({ pass: false, measured: expect.stringContaining("empty #1") });
    expect(startsVerdicts({ attempts: attempts(0), mixed: mixed({ unaccounted: 1, audited: 49 }) })[1]!.pass).toBe(false);
    expect(startsVerdicts({ attempts: attempts(0), mixed: mixed({ audited: 51 }) })[1]!.pass).toBe(false);
    expect(
      startsVerdicts({ attempts: attempts(0), mixed: mixed({ writes: { ok: 49, failed: 1, statuses: { 200: 49, 500: 1 }, connectionErrors: 0 } }) })[1]!.pass,
    ).toBe(false);
    expect(startsVerdicts({ attempts: attempts(0), mixed: mixed({ pages: [{ url: "x", result: run(40, { non2xx: 2 }) }] }) })[1]!.pass).toBe(false);
    expect(startsVerdicts({ attempts: attempts(0), mixed: null, mixedError: "sign-in failed" })[1]).toMatchObject({
      pass: false,
      measured: "not measured: sign-in failed",
    });
  });
});
