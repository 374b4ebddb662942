import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { likelyTypo, normaliseAppUrl } from "./app-url";

const prod = { allowLocalHttp: false };
const dev = { allowLocalHttp: true };

describe("normaliseAppUrl", () => {
  it.each([
    ["https://Acme.OnRender.com", "https://acme.onrender.com"],
    ["https://acme.onrender.com/", "https://acme.onrender.com"],
    ["  https://acme.fly.dev  ", "https://acme.fly.dev"],
    ["https://acme.example.com:443", "https://acme.example.com"],
    ["https://acme.example.com:8443", "https://acme.example.com:8443"],
    ["https://acme.example.com:1024", "https://acme.example.com:1024"],
    ["https://bücher.example", "https://xn--bcher-kva.example"],
  ])("normalises %s to the origin %s", (input, expected) => {
    expect(normaliseAppUrl(input, prod)).toEqual({ ok: true, url: expected, warnings: [] });
  });

  it.each([
    ["", /Enter the address/],
    ["acme.onrender.com", /must start with https/],
    ["http://acme.onrender.com", /Use https/],
    ["javascript:alert(1)", /must start with https/],
    ["file:///etc/passwd", /must start with https/],
    ["https://user:pw@acme.onrender.com", /credentials/],
    ["https://acme.onrender.com/app", /path/],
    ["https://acme.onrender.com/?a=1", /query/],
    ["https://acme.onrender.com/?", /query/],
    ["https://acme.onrender.com/#x", /fragment/],
    ["https://localhost", /this machine/],
    ["https://127.0.0.1", /this machine/],
    ["https://2130706433", /this machine/],
    ["https://0x7f000001", /this machine/],
    ["https://0177.0.0.1", /this machine/],
    ["https://127.1", /this machine/],
    ["https://[::1]", /this machine/],
    ["https://[::ffff:127.0.0.1]", /IP address/],
    ["https://10.0.0.5", /IP address/],
    ["https://169.254.169.254", /IP address/],
    ["https://intranet", /no domain/],
    ["https://exa mple.com", /not a valid/],
    ["https://acme.example.com:0", /Port 0 .*Remove :0/],
    ["https://acme.example.com:22", /Port 22 is reserved.*Remove :22/],
    ["https://acme.example.com:80", /Port 80 is reserved/],
    ["https://acme.example.com:1023", /Port 1023 is reserved/],
  ])("refuses %j with a reason", (input, reason) => {
    const result = normaliseAppUrl(input, prod);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(reason);
  });

  it("accepts plain http to loopback only when the operator allows local targets", () => {
    expect(normaliseAppUrl("http://127.0.0.1:4311", dev)).toEqual({ ok: true, url: "http://127.0.0.1:4311", warnings: [] });
    expect(normaliseAppUrl("http://localhost:4311/", dev)).toMatchObject({ ok: true, url: "http://localhost:4311" });
    expect(normaliseAppUrl("http://127.0.0.1:4311", prod).ok).toBe(false);
    expect(normaliseAppUrl("http://acme.example.com", dev).ok).toBe(false);
  });

  it("warns, without refusing, when the host is not the provider's usual domain", () => {
    const result = normaliseAppUrl("https://shop.acme.com", { ...prod, provider: "RENDER" });
    expect(result).toMatchObject({ ok: true, url: "https://shop.acme.com" });
    if (result.ok) expect(result.warnings[0]).toMatch(/Render/);
    expect(normaliseAppUrl("https://acme.onrender.com", { ...prod, provider: "RENDER" })).toMatchObject({ warnings: [] });
    expect(normaliseAppUrl("https://anything.example.com", { ...prod, provider: "DOCKER" })).toMatchObject({ warnings: [] });
  });

  it("always yields an origin with no trailing slash, path, query or credentials (property)", () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (raw) => {
        const result = normaliseAppUrl(raw, prod);
        if (!result.ok) return;
        const url = new URL(result.url);
        expect(result.url).toBe(url.origin);
        expect(url.protocol).toBe("https:");
        expect(result.url.endsWith("/")).toBe(false);
      }),
    );
  });
});

describe("a host's address one slip away", () => {
  it("asks whether the host's own ending was meant, and does not save it", () => {
    const result = normaliseAppUrl("https://my-shop.onrender.co", { allowLocalHttp: false, provider: "RENDER" });
    expect(result).toEqual({ ok: false, message: expect.stringContaining("Did you mean https://my-shop.onrender.com?") });
    expect(likelyTypo("my-shop.fly.de")).toBe("my-shop.fly.dev");
    expect(likelyTypo("my-shop-production.up.railway.ap")).toBe("my-shop-production.up.railway.app");
  });

  it("leaves exact endings and unrelated domains alone", () => {
    expect(likelyTypo("my-shop.onrender.com")).toBeNull();
    expect(likelyTypo("shop.example.co")).toBeNull();
    expect(likelyTypo("app.acme.com")).toBeNull();
    expect(normaliseAppUrl("https://app.acme.co", { allowLocalHttp: false, provider: "RENDER" }).ok).toBe(true);
  });
});

describe("internationalised addresses", () => {
  it("refuses a malformed xn-- label on every Node version, and keeps a valid one", () => {
    for (const bad of ["https://xn--zz.example", "https://xn--.example", "https://shop.xn--zz.example"]) {
      expect(normaliseAppUrl(bad, { allowLocalHttp: false }).ok).toBe(false);
    }
    expect(normaliseAppUrl("https://bücher.example", { allowLocalHttp: false })).toMatchObject({ ok: true, url: "https://xn--bcher-kva.example" });
  });
});
