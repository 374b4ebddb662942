import { describe, expect, it } from "vitest";
import { percentile, recordLatency } from "./latency.mjs";

describe("recordLatency", () => {
  it("records an answer within the interval once", () => {
    const samples: number[] = [];
    recordLatency(samples, 3.5, 4);
    expect(samples).toEqual([3.5]);
  });

  it("adds the requests a paced connection could not send while it waited, one per interval", () => {
    const samples: number[] = [];
    recordLatency(samples, 17, 4);
    expect(samples).toEqual([17, 13, 9, 5]);
  });

  it("adds nothing for unpaced load", () => {
    const samples: number[] = [];
    recordLatency(samples, 76, 0);
    expect(samples).toEqual([76]);
  });
});

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

  it("shows why the interval matters: one 76 ms stall on all 4 connections among 5000 quick answers", () => {
    const p99With = (intervalMs: number) => {
      const samples = Array.from({ length: 5000 }, () => 0.3);
      for (let connection = 0; connection < 4; connection++) recordLatency(samples, 76, intervalMs);
      return percentile(Float64Array.from(samples).sort(), 0.99);
    };
    // The pacing's real interval (1000 req/s over 4 connections: 4 ms) adds 19 samples a connection
    // (76, 72, …, 4): the p99 is the 51st largest of 5076, 28 ms.
    expect(p99With(4)).toBe(28);
    // A 1 ms interval, as autocannon assumes, adds 76 a connection: the 54th largest of 5304, 63 ms.
    expect(p99With(1)).toBe(63);
  });
});
