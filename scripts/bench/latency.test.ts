import { describe, expect, it } from "vitest";
import type { IntervalHistogram } from "node:perf_hooks";
import { percentile, summarise, summariseLoopDelay, summariseWindow, wallClockOffset } from "./latency.mjs";

describe("percentile", () => {
  const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);

  it("takes the nearest rank", () => {
    expect(percentile(sorted, 0.5)).toBe(50);
    expect(percentile(sorted, 0.99)).toBe(99);
    expect(percentile(sorted, 1)).toBe(100);
    expect(percentile([7], 0.99)).toBe(7);
  });

  it("is 0 without samples", () => {
    expect(percentile([], 0.99)).toBe(0);
  });
});

describe("summarise", () => {
  it("gives p50, p99 and max to 0.01 ms whatever the order of the samples", () => {
    const latencies = Array.from({ length: 100 }, (_, i) => 100 - i + 0.004);
    expect(summarise(latencies)).toEqual({ p50: 50, p99: 99, max: 100, samples: 100 });
  });

  it("takes only the requests due within the window, ends included", () => {
    const answers = { dueAtMs: [10, 20, 30, 40, 50], latenciesMs: [1, 90, 80, 70, 2] };
    expect(summariseWindow(answers, 20, 40)).toEqual({ p50: 80, p99: 90, max: 90, samples: 3 });
    expect(summariseWindow(answers, 60, 70)).toEqual({ p50: 0, p99: 0, max: 0, samples: 0 });
  });
});

describe("wallClockOffset", () => {
  it("turns performance.now() into the wall clock to within a millisecond", () => {
    const offset = wallClockOffset();
    for (let i = 0; i < 5; i++) expect(Math.abs(offset + performance.now() - Date.now())).toBeLessThanOrEqual(1);
  });
});

describe("summariseLoopDelay", () => {
  it("gives an event-loop delay histogram in milliseconds to 0.01 ms", () => {
    const histogram = { percentile: (q: number) => (q === 50 ? 1_123_456 : 4_987_654), max: 20_004_999, count: 42 };
    expect(summariseLoopDelay(histogram as unknown as IntervalHistogram)).toEqual({ p50: 1.12, p99: 4.99, max: 20, samples: 42 });
  });
});
