import { EventEmitter } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { bindRequestScope, memoizeForRequest, REQUEST_SCOPE_HEADER } from "./request-scope.server";

function exchange(method: string, headers: Record<string, string> = {}) {
  const req = { method, headers: { ...headers } } as unknown as IncomingMessage;
  const res = new EventEmitter() as unknown as ServerResponse;
  bindRequestScope(req, res);
  // Remix gives every loader its own Request built from the same headers.
  const request = () => new Request("http://localhost/dashboard", { headers: req.headers as Record<string, string> });
  return { req, res, request };
}

function counter() {
  let calls = 0;
  return { load: async () => ++calls, calls: () => calls };
}

describe("request scope", () => {
  it("lets the loaders of one GET share a lookup, per key, until the response closes", async () => {
    const { res, request } = exchange("GET");
    const { load, calls } = counter();
    const [a, b] = await Promise.all([memoizeForRequest(request(), "page-context", load), memoizeForRequest(request(), "page-context", load)]);
    expect([a, b, calls()]).toEqual([1, 1, 1]);
    expect(await memoizeForRequest(request(), "deploy-state:t1", load)).toBe(2);
    res.emit("close");
    expect(await memoizeForRequest(request(), "page-context", load)).toBe(3);
  });

  it("gives two GETs separate scopes", async () => {
    const first = exchange("GET");
    const second = exchange("GET");
    const { load, calls } = counter();
    await memoizeForRequest(first.request(), "k", load);
    await memoizeForRequest(second.request(), "k", load);
    expect(calls()).toBe(2);
  });

  it("gives writes no scope, and a scope id sent by a client is removed", async () => {
    const open = exchange("GET");
    const stolenId = open.req.headers[REQUEST_SCOPE_HEADER] as string;
    expect(stolenId).toMatch(/^[0-9a-f-]{36}$/);
    const post = exchange("POST", { [REQUEST_SCOPE_HEADER]: stolenId });
    expect(post.req.headers[REQUEST_SCOPE_HEADER]).toBeUndefined();
    const { load, calls } = counter();
    await memoizeForRequest(open.request(), "k", load);
    await memoizeForRequest(post.request(), "k", load);
    await memoizeForRequest(post.request(), "k", load);
    expect(calls()).toBe(3);
    const spoofedGet = exchange("GET", { [REQUEST_SCOPE_HEADER]: stolenId });
    expect(spoofedGet.req.headers[REQUEST_SCOPE_HEADER]).not.toBe(stolenId);
  });
});
