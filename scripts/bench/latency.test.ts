import { describe, expect, it } from "vitest";
import { percentile } from "./latency.mjs";

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
