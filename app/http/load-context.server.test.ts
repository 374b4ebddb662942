import { describe, expect, it } from "vitest";
import { createLoadContext, memoize } from "./load-context.server";

function counter() {
  let calls = 0;
  return { load: async () => ++calls, calls: () => calls };
}

const contextFor = (method: string) => createLoadContext({ method, cspNonce: "n", requestId: "r" });

describe("memoize", () => {
  it("lets the loaders of one GET share a read, per key", async () => {
    const context = contextFor("GET");
    const { load, calls } = counter();
    const [a, b] = await Promise.all([memoize(context, "page-context", load), memoize(context, "page-context", load)]);
    expect([a, b, calls()]).toEqual([1, 1, 1]);
    expect(await memoize(context, "deploy-state:t1", load)).toBe(2);
  });

  it("gives two GETs separate memos", async () => {
    const { load, calls } = counter();
    await memoize(contextFor("GET"), "k", load);
    await memoize(contextFor("HEAD"), "k", load);
    expect(calls()).toBe(2);
  });

  it("reads again on every call in a write, and without a context", async () => {
    const post = contextFor("POST");
    expect(post.memo).toBeUndefined();
    const { load, calls } = counter();
    await memoize(post, "k", load);
    await memoize(post, "k", load);
    await memoize(undefined, "k", load);
    expect(calls()).toBe(3);
  });
});
