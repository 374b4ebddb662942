import { describe, expect, it } from "vitest";
import { isCrossSiteRequest } from "./csrf";

const post = (headers: { secFetchSite?: string; origin?: string; host?: string; forwardedHost?: string; trustProxy?: number }) =>
  isCrossSiteRequest({ method: "POST", host: "app.example.test", trustProxy: 1, ...headers });

describe("isCrossSiteRequest", () => {
  it("lets reads through whatever they carry", () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "get"])
      expect(isCrossSiteRequest({ method, secFetchSite: "cross-site", origin: "https://evil.example", trustProxy: 0 })).toBe(false);
  });

  it("accepts a write from the host it was sent to, or without browser headers (scripts with tokens)", () => {
    expect(post({ secFetchSite: "same-origin", origin: "https://app.example.test" })).toBe(false);
    expect(post({ origin: "http://app.example.test" })).toBe(false);
    expect(post({ secFetchSite: "none" })).toBe(false);
    expect(post({})).toBe(false);
  });

  it("takes the host from X-Forwarded-Host when a proxy sets it, as Remix does", () => {
    expect(post({ host: "app:3000", forwardedHost: "app.example.test", origin: "https://app.example.test" })).toBe(false);
    expect(post({ host: "app:3000", forwardedHost: "app.example.test, inner.proxy", origin: "https://app.example.test" })).toBe(false);
    expect(post({ host: "app.example.test", forwardedHost: "other.example.test", origin: "https://app.example.test" })).toBe(true);
  });

  it("ignores X-Forwarded-Host when no proxy is trusted (TRUST_PROXY=0): the client wrote it", () => {
    // An Origin of the attacker's site with a matching X-Forwarded-Host: the Host decides.
    expect(post({ trustProxy: 0, origin: "https://evil.example", forwardedHost: "evil.example" })).toBe(true);
    expect(post({ trustProxy: 0, host: "app:3000", forwardedHost: "app.example.test", origin: "https://app.example.test" })).toBe(true);
    expect(post({ trustProxy: 0, forwardedHost: "other.example.test", origin: "https://app.example.test" })).toBe(false);
    expect(post({ trustProxy: 2, origin: "https://evil.example", forwardedHost: "evil.example" })).toBe(false);
  });

  it.each([
    ["Sec-Fetch-Site: cross-site", { secFetchSite: "cross-site", origin: "https://app.example.test" }],
    ["Sec-Fetch-Site: same-site", { secFetchSite: "same-site", origin: "https://evil.example.test" }],
    ["another site's Origin", { origin: "https://evil.example" }],
    ["the same host on another port", { origin: "https://app.example.test:8443" }],
    ["Origin: null", { origin: "null" }],
    ["an Origin that is not a URL", { origin: "app.example.test" }],
    // Remix would throw (a 500) on each of these: its rule is the same, compared with the Host.
    ["the public address as Origin while a proxy rewrote Host and set no X-Forwarded-Host", { origin: "https://app.example.test", host: "app:3000" }],
    ["an Origin and no Host at all", { origin: "https://app.example.test", host: undefined }],
  ])("refuses a write with %s", (_name, headers) => expect(post(headers)).toBe(true));
});
