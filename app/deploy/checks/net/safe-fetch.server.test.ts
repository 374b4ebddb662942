import { afterEach, describe, expect, it, vi } from "vitest";
import { makeCertificate } from "../../../../tests/helpers/certificates";
import { closedPort, startLoopbackServer, type LoopbackServer } from "../../../../tests/helpers/loopback-server";
import type { Resolver } from "./address-policy.server";
import { safeFetch, type SafeFetchOptions } from "./safe-fetch.server";

const dev = { allowLoopback: true };
const base: SafeFetchOptions = { timeoutMs: 2000, maxBytes: 64 * 1024, policy: dev };

const servers: LoopbackServer[] = [];
async function server(...args: Parameters<typeof startLoopbackServer>) {
  const started = await startLoopbackServer(...args);
  servers.push(started);
  return started;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Names used in redirects: the resolver answers for them; anything else is an unexpected lookup. */
const namesTo =
  (table: Record<string, string>): Resolver =>
  async (hostname) => {
    const address = table[hostname];
    if (!address) throw Object.assign(new Error(`unexpected lookup`), { code: "ENOTFOUND" });
    return [{ address, family: address.includes(":") ? 6 : 4 }];
  };

describe("safeFetch against loopback servers", () => {
  it("returns status, headers and body of a 200", async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: "pass" }));
    });
    const result = await safeFetch(`${s.origin}/health`, { ...base, headers: { accept: "application/json" } });
    expect(result).toMatchObject({ ok: true, status: 200, body: '{"status":"pass"}', finalUrl: `${s.origin}/health` });
    if (result.ok) {
      expect(result.headers["content-type"]).toBe("application/json");
      expect(result.timingMs).toBeGreaterThanOrEqual(0);
    }
    expect(s.requests[0]?.headers.accept).toBe("application/json");
  });

  it("reports non-2xx statuses as results, not failures", async () => {
    const s = await server((_req, res) => {
      res.writeHead(503, { "content-type": "application/json" });
      res.end('{"status":"fail"}');
    });
    expect(await safeFetch(`${s.origin}/ready`, base)).toMatchObject({ ok: true, status: 503 });
  });

  it("gives up on a slow server at the deadline", async () => {
    const s = await server(() => {
      /* never answers */
    });
    const started = performance.now();
    const result = await safeFetch(`${s.origin}/`, { ...base, timeoutMs: 400 });
    const took = performance.now() - started;
    expect(result).toMatchObject({ ok: false, kind: "timeout" });
    expect(took).toBeGreaterThanOrEqual(350);
    expect(took).toBeLessThan(400 + 600);
  });

  it("stops reading a huge body at maxBytes (streamed, no content-length)", async () => {
    let written = 0;
    const s = await server((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      const chunk = Buffer.alloc(16 * 1024, "x");
      const pump = () => {
        while (written < 50 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        res.end();
      };
      res.on("close", () => (written = Number.POSITIVE_INFINITY));
      pump();
    });
    const result = await safeFetch(`${s.origin}/`, { ...base, maxBytes: 100 * 1024 });
    expect(result).toMatchObject({ ok: false, kind: "too_large" });
    if (!result.ok) expect(result.detail).toContain("100 KB");
  });

  it("refuses a declared content-length above maxBytes", async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { "content-length": String(10 * 1024 * 1024) });
      res.write("x".repeat(1024));
    });
    expect(await safeFetch(`${s.origin}/`, { ...base, maxBytes: 4096 })).toMatchObject({ ok: false, kind: "too_large" });
  });

  it("classifies a connection closed mid-response as network, without the server's words", async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { "content-length": "1000" });
      res.write("SECRET-PARTIAL-BODY");
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const result = await safeFetch(`${s.origin}/`, base);
    expect(result).toMatchObject({ ok: false, kind: "network" });
    if (!result.ok) expect(result.detail).not.toContain("SECRET");
  });

  it("classifies a closed port as refused", async () => {
    const port = await closedPort();
    expect(await safeFetch(`http://127.0.0.1:${port}/`, base)).toMatchObject({ ok: false, kind: "refused" });
  });

  it("keeps Authorization on a same-origin redirect and drops it (and every caller header) across origins", async () => {
    const other = await server((_req, res) => {
      res.writeHead(200);
      res.end("other");
    });
    const first = await server((req, res) => {
      if (req.url === "/start") {
        res.writeHead(302, { location: "/next" });
        return res.end();
      }
      // Another origin: a different port (and a name instead of an address).
      res.writeHead(307, { location: `http://other.test:${other.port}/stats` });
      res.end();
    });
    const result = await safeFetch(`${first.origin}/start`, {
      ...base,
      headers: { authorization: "Bearer verification-token", "x-extra": "caller" },
      resolver: namesTo({ "other.test": "127.0.0.1" }),
    });
    expect(result).toMatchObject({ ok: true, status: 200, body: "other", finalUrl: `http://other.test:${other.port}/stats` });
    expect(first.requests.map((r) => r.headers.authorization)).toEqual(["Bearer verification-token", "Bearer verification-token"]);
    expect(other.requests).toHaveLength(1);
    expect(other.requests[0]!.headers.authorization).toBeUndefined();
    expect(other.requests[0]!.headers["x-extra"]).toBeUndefined();
    expect(other.requests[0]!.headers.host).toBe(`other.test:${other.port}`);
  });

  it("stops a redirect loop", async () => {
    const s = await server((req, res) => {
      res.writeHead(302, { location: req.url === "/a" ? "/b" : "/a" });
      res.end();
    });
    const result = await safeFetch(`${s.origin}/a`, { ...base, maxRedirects: 5 });
    expect(result).toMatchObject({ ok: false, kind: "redirect" });
    if (!result.ok) expect(result.detail).toMatch(/loop/);
    expect(s.requests.map((r) => r.url)).toEqual(["/a", "/b"]);
  });

  it("follows at most maxRedirects (default 2)", async () => {
    const s = await server((req, res) => {
      const n = Number(req.url?.slice(1));
      res.writeHead(302, { location: `/${n + 1}` });
      res.end();
    });
    const result = await safeFetch(`${s.origin}/1`, base);
    expect(result).toMatchObject({ ok: false, kind: "redirect" });
    expect(s.requests.map((r) => r.url)).toEqual(["/1", "/2", "/3"]);
    const none = await safeFetch(`${s.origin}/1`, { ...base, maxRedirects: 0 });
    expect(none).toMatchObject({ ok: false, kind: "redirect" });
  });

  it.each([
    ["a name that resolves to a private address", "http://internal.test/latest", "blocked"],
    ["a private address literal", "http://10.0.0.1/", "blocked"],
    ["the metadata address", "http://169.254.169.254/latest/meta-data/", "blocked"],
    ["a disguised metadata address", "http://0xa9fea9fe/", "blocked"],
    ["an IPv6 link-local literal", "http://[fe80::1]/", "blocked"],
    ["a non-web scheme", "file:///etc/passwd", "redirect"],
  ] as const)("refuses a redirect to %s before connecting", async (_label, target, kind) => {
    const resolver = vi.fn<Resolver>(namesTo({ "internal.test": "10.0.0.1" }));
    const s = await server((_req, res) => {
      res.writeHead(302, { location: target });
      res.end();
    });
    // The setup tripwire throws on any socket to a non-loopback address, so a bug shows here.
    const result = await safeFetch(`${s.origin}/`, { ...base, resolver });
    expect(result).toMatchObject({ ok: false, kind });
    expect(s.requests).toHaveLength(1);
  });

  it("refuses plain http to a non-loopback host, before connecting", async () => {
    const result = await safeFetch("http://app.example.com/health", { ...base, resolver: namesTo({ "app.example.com": "93.184.216.34" }) });
    expect(result).toMatchObject({ ok: false, kind: "bad_url" });
  });

  it("connects to an IPv6 literal host through the checked address", async () => {
    const s = await server((_req, res) => res.end("v6 literal"));
    const result = await safeFetch(`http://[::ffff:127.0.0.1]:${s.port}/`, base);
    expect(result).toMatchObject({ ok: true, status: 200, body: "v6 literal" });
  });

  it("with allowLoopback off, a loopback server sees zero connections", async () => {
    const s = await server((_req, res) => res.end("should not be reached"));
    const strict = { ...base, policy: { allowLoopback: false } };
    expect(await safeFetch(`https://127.0.0.1:${s.port}/health`, strict)).toMatchObject({ ok: false, kind: "blocked" });
    expect(await safeFetch(`https://localhost:${s.port}/health`, strict)).toMatchObject({ ok: false, kind: "blocked" });
    expect(await safeFetch(`https://[::ffff:127.0.0.1]:${s.port}/health`, strict)).toMatchObject({ ok: false, kind: "blocked" });
    expect(await safeFetch(`https://2130706433:${s.port}/health`, strict)).toMatchObject({ ok: false, kind: "blocked" });
    expect(await safeFetch(`https://[::1]:${s.port}/health`, strict)).toMatchObject({ ok: false, kind: "blocked" });
    // Plain http is refused outright when local targets are off.
    expect(await safeFetch(`http://127.0.0.1:${s.port}/health`, strict)).toMatchObject({ ok: false, kind: "bad_url" });
    const viaName = await safeFetch(`https://app.example.com:${s.port}/`, { ...strict, resolver: namesTo({ "app.example.com": "127.0.0.1" }) });
    expect(viaName).toMatchObject({ ok: false, kind: "blocked" });
    expect(s.connections).toBe(0);
  });

  it("rejects malformed URLs and URLs with credentials", async () => {
    expect(await safeFetch("not a url", base)).toMatchObject({ ok: false, kind: "bad_url" });
    expect(await safeFetch("ftp://example.com/", base)).toMatchObject({ ok: false, kind: "bad_url" });
    const withCredentials = await safeFetch("https://user:hunter2@example.com/", base);
    expect(withCredentials).toMatchObject({ ok: false, kind: "bad_url" });
    if (!withCredentials.ok) expect(withCredentials.detail).not.toContain("hunter2");
  });
});

describe("safeFetch over TLS", () => {
  const certificate = makeCertificate();

  it("refuses a self-signed certificate as tls", async () => {
    const s = await server((_req, res) => res.end("secret body"), certificate);
    const result = await safeFetch(`https://localhost:${s.port}/`, base);
    expect(result).toMatchObject({ ok: false, kind: "tls" });
    expect(s.requests).toHaveLength(0);
  });

  it("connects to the checked address with the host name as server name when the certificate is trusted", async () => {
    const s = await server((_req, res) => res.end("hello over tls"), certificate);
    const result = await safeFetch(`https://localhost:${s.port}/`, { ...base, ca: certificate.cert });
    expect(result).toMatchObject({ ok: true, status: 200, body: "hello over tls" });
  });

  it("refuses a trusted certificate for another host name", async () => {
    const s = await server((_req, res) => res.end("x"), certificate);
    const result = await safeFetch(`https://app.example.com:${s.port}/`, {
      ...base,
      ca: certificate.cert,
      resolver: namesTo({ "app.example.com": "127.0.0.1" }),
    });
    expect(result).toMatchObject({ ok: false, kind: "tls" });
    if (!result.ok) expect(result.detail).toMatch(/different host name/);
  });

  it("refuses a redirect from https to plain http", async () => {
    const plain = await server((_req, res) => res.end("plain"));
    const s = await server((_req, res) => {
      res.writeHead(302, { location: `http://app.example.com:${plain.port}/` });
      res.end();
    }, certificate);
    const result = await safeFetch(`https://localhost:${s.port}/`, {
      ...base,
      ca: certificate.cert,
      resolver: namesTo({ localhost: "127.0.0.1", "app.example.com": "93.184.216.34" }),
    });
    expect(result).toMatchObject({ ok: false, kind: "redirect" });
    expect(s.requests).toHaveLength(1);
    expect(plain.connections).toBe(0);
  });
});
