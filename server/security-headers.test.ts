import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import express from "express";
import helmet from "helmet";
import { afterEach, describe, expect, it } from "vitest";
import { helmetOptions, securityHeaders } from "./security-headers";

const servers: { close: () => void }[] = [];
afterEach(() => servers.splice(0).forEach((server) => server.close()));

async function serve(app: express.Express) {
  const server = app.listen(0, "127.0.0.1");
  servers.push(server);
  await new Promise((resolve) => server.once("listening", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function headersOf(base: string) {
  const response = await fetch(`${base}/page`);
  expect(response.status).toBe(200);
  const headers = Object.fromEntries(
    [...response.headers].filter(([name]) => !["date", "etag", "content-length", "connection", "keep-alive", "content-type"].includes(name)),
  );
  return { headers, nonce: response.headers.get("x-test-nonce")! };
}

function withNonce(app: express.Express) {
  app.disable("x-powered-by");
  app.use((_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    res.setHeader("x-test-nonce", res.locals.cspNonce as string);
    next();
  });
}

describe.each([false, true])("security headers with secure cookies %s", (secureCookies) => {
  it("are exactly the headers helmet sets per request, with each response's own nonce", async () => {
    const direct = express();
    withNonce(direct);
    direct.use(helmet(helmetOptions({ secureCookies, nonceOf: (res) => (res as unknown as express.Response).locals.cspNonce as string })));
    direct.get("/page", (_req, res) => void res.send("ok"));

    const recorded = express();
    const setSecurityHeaders = securityHeaders({ secureCookies });
    withNonce(recorded);
    recorded.use((_req, res, next) => {
      setSecurityHeaders(res, res.locals.cspNonce as string);
      next();
    });
    recorded.get("/page", (_req, res) => void res.send("ok"));

    const [directBase, recordedBase] = await Promise.all([serve(direct), serve(recorded)]);
    const fromHelmet = await headersOf(directBase);
    const first = await headersOf(recordedBase);
    const second = await headersOf(recordedBase);

    const withoutNonce = ({ headers, nonce }: { headers: Record<string, string>; nonce: string }) => ({
      ...headers,
      "content-security-policy": headers["content-security-policy"]!.replace(nonce, "N"),
      "x-test-nonce": "N",
    });
    expect(Object.keys(first.headers).length).toBeGreaterThan(10);
    expect(withoutNonce(first)).toEqual(withoutNonce(fromHelmet));
    expect(withoutNonce(second)).toEqual(withoutNonce(fromHelmet));
    expect(first.headers["content-security-policy"]).toContain(`'nonce-${first.nonce}'`);
    expect(second.headers["content-security-policy"]).toContain(`'nonce-${second.nonce}'`);
    expect(first.nonce).not.toBe(second.nonce);
    expect("strict-transport-security" in first.headers).toBe(secureCookies);
  });
});
