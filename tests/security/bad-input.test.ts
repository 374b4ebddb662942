import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { PROVIDERS } from "~/deploy/config/providers";
import { OPTIONAL_KEYS } from "~/deploy/config/optional-keys";
import * as apiConfig from "~/routes/api.deploy.config";
import * as apiGenerate from "~/routes/api.env.generate";
import * as apiLive from "~/routes/api.deploy.live";
import * as apiTeam from "~/routes/api.team";
import * as apiTeamMember from "~/routes/api.team.$userId";
import * as apiTokens from "~/routes/api.tokens";
import * as pageDatabase from "~/routes/dashboard.deploy.database";
import * as pageKeys from "~/routes/dashboard.deploy.keys";
import * as pageLive from "~/routes/dashboard.deploy.live";
import * as pagePreflight from "~/routes/dashboard.deploy.preflight";
import * as pageProvider from "~/routes/dashboard.deploy.provider";
import * as pageSecrets from "~/routes/dashboard.deploy.secrets";
import * as pageUrl from "~/routes/dashboard.deploy.url";
import * as pageTeam from "~/routes/dashboard.team";
import * as pageTokens from "~/routes/dashboard.tokens";
import * as pageInvite from "~/routes/invite";
import * as pageVerify from "~/routes/dashboard.deploy.verify";
import { createMember, useTestDatabase } from "../helpers/db";
import { configureDeploy, ensurePassingRuns, sessionCookieFor, snapshot, tenantWithTeam, tokenFor } from "./helpers/fixtures";
import { callRoute, formBody, isApiErrorShape, type Outcome, type RouteModule } from "./helpers/routes";

/**
 * Bad input (issue 5): named cases and fast-check properties over every API body and every wizard
 * form. Each bad input gets a 4xx with the JSON error shape (APIs) or the form back with the
 * field's error (pages), never a 500, and leaves the database exactly as it was.
 */
const DB_PASSWORD = "pw-bad-input-Zq81";
const STORED_DB_URL = `postgresql://app:${DB_PASSWORD}@db.example.com:5432/app`;

const BAD_APP_URLS: [string, string][] = [
  ["empty", ""],
  ["spaces only", "   "],
  ["not a URL", "my app"],
  ["javascript: URL", "javascript:alert(document.cookie)"],
  ["file: URL", "file:///etc/passwd"],
  ["data: URL", "data:text/html,<script>alert(1)</script>"],
  ["ftp: URL", "ftp://app.example.com"],
  ["plain http", "http://app.example.com"],
  ["credentials", "https://admin:hunter2-secret@app.example.com"],
  ["user only", "https://admin@app.example.com"],
  ["a path", "https://app.example.com/app"],
  ["a query", "https://app.example.com/?token=abc"],
  ["a fragment", "https://app.example.com/#x"],
  ["decimal IPv4", "https://2130706433"],
  ["hex IPv4", "https://0x7f000001"],
  ["octal IPv4", "https://0177.0.0.1"],
  ["short IPv4", "https://127.1"],
  ["IPv4-mapped IPv6", "https://[::ffff:127.0.0.1]"],
  ["IPv4-mapped IPv6 (hex)", "https://[::ffff:7f00:1]"],
  ["IPv6 loopback", "https://[::1]"],
  ["private IPv4", "https://10.0.0.1"],
  ["metadata IP", "https://169.254.169.254"],
  ["localhost", "https://localhost"],
  ["a .localhost name", "https://app.localhost"],
  ["a .local name", "https://printer.local"],
  ["a .internal name", "https://api.internal"],
  ["the metadata name", "https://metadata.google.internal"],
  ["a single-label name", "https://intranet"],
  ["fullwidth localhost (unicode)", "https://ｌｏｃａｌｈｏｓｔ"],
  ["ideographic full stops (unicode IP)", "https://127。0。0。1"],
  ["circled digits (unicode IP)", "https://①②⑦.0.0.1"],
  ["invalid punycode", "https://xn--zz.example"],
  ["empty punycode label", "https://xn--.example"],
  ["a backslash trick", "https://example.com\\@evil.example"],
  ["a space in the host", "https://exa mple.com"],
  ["an encoded slash in the host", "https://ex%2fample.com"],
  ["a 3000-character URL", `https://${"a".repeat(3000)}.example.com`],
];

const BAD_DATABASE_URLS: [string, string][] = [
  ["empty", ""],
  ["unsupported scheme mysql (the app runs on PostgreSQL)", `mysql://app:${DB_PASSWORD}@db.example.com/app`],
  ["unsupported scheme sqlite", "sqlite:///var/data/app.db"],
  ["file: URL", "file:///etc/passwd"],
  ["javascript: URL", "javascript:alert(1)"],
  ["http URL", "https://db.example.com/app"],
  ["mongodb+srv", `mongodb+srv://app:${DB_PASSWORD}@cluster0.example.net/app`],
  ["redis", `redis://:${DB_PASSWORD}@cache.example.com:6379`],
  ["no password", "postgresql://app@db.example.com/app"],
  ["an empty password", "postgresql://app:@db.example.com/app"],
  ["an unencoded slash in the password", "postgresql://app:pass/word@db.example.com/app"],
  ["a bad percent escape in the password", "postgresql://app:pa%zzss@db.example.com/app"],
  ["a # in the password", "postgresql://app:pa#ss@db.example.com/app"],
  ["no host", `postgresql://app:${DB_PASSWORD}@/app`],
  ["several hosts", `postgresql://app:${DB_PASSWORD}@db1.example.com,db2.example.com/app`],
  ["port out of range", `postgresql://app:${DB_PASSWORD}@db.example.com:99999/app`],
  ["a non-numeric port", `postgresql://app:${DB_PASSWORD}@db.example.com:pg/app`],
  ["no database name", `postgresql://app:${DB_PASSWORD}@db.example.com:5432/`],
  ["?host= (Unix socket)", `postgresql://app:${DB_PASSWORD}@db.example.com/app?host=/var/run/postgresql`],
  ["?sslrootcert= (local file)", `postgresql://app:${DB_PASSWORD}@db.example.com/app?sslrootcert=/etc/passwd`],
  ["an unknown sslmode", `postgresql://app:${DB_PASSWORD}@db.example.com/app?sslmode=maybe`],
  ["decimal IPv4 host", `postgresql://app:${DB_PASSWORD}@2130706433/app`],
  ["hex IPv4 host", `postgresql://app:${DB_PASSWORD}@0x7f000001/app`],
  ["octal IPv4 host", `postgresql://app:${DB_PASSWORD}@0177.0.0.1/app`],
  ["short IPv4 host", `postgresql://app:${DB_PASSWORD}@127.1/app`],
  ["IPv4-mapped IPv6 host", `postgresql://app:${DB_PASSWORD}@[::ffff:127.0.0.1]/app`],
  ["IPv4-mapped IPv6 host (hex)", `postgresql://app:${DB_PASSWORD}@[::ffff:7f00:1]/app`],
  ["unicode host", `postgresql://app:${DB_PASSWORD}@bäckerei.example/app`],
  ["a space in the host", `postgresql://app:${DB_PASSWORD}@db .example.com/app`],
  ["a line break", `postgresql://app:${DB_PASSWORD}@db.example.com/app\nsslmode=disable`],
  ["a NUL byte", `postgresql://app:${DB_PASSWORD}@db.example.com/app\u0000`],
  ["a 5000-character URL", `postgresql://app:${"p".repeat(5000)}@db.example.com/app`],
];

type Api = { name: string; mod: RouteModule; method: string; path: () => string; params?: () => Record<string, string> };

describe("bad input", () => {
  useTestDatabase("pglite", { ALLOW_LOCAL_TARGETS: "false" });
  let team: Awaited<ReturnType<typeof tenantWithTeam>>;
  let auth: Record<string, string>;
  let cookie: string;
  let targetId: string;
  let apis: Api[];

  beforeAll(async () => {
    team = await tenantWithTeam("Bad Input Co");
    await configureDeploy(team.as("OWNER"), { appUrl: "https://acme.example.com", databaseUrl: STORED_DB_URL });
    await db().tenantModule.updateMany({ where: { tenantId: team.tenant.id }, data: { enabled: true } });
    auth = { Authorization: `Bearer ${(await tokenFor(team.people.OWNER.id, team.tenant.id)).token}` };
    cookie = (await sessionCookieFor(team.people.OWNER.id, team.tenant.id)).cookie;
    targetId = (await createMember(team.tenant.id, "MEMBER")).id;
    apis = [
      { name: "PUT /api/deploy/config", mod: apiConfig, method: "PUT", path: () => "/api/deploy/config" },
      { name: "POST /api/env/generate", mod: apiGenerate, method: "POST", path: () => "/api/env/generate" },
      { name: "POST /api/team", mod: apiTeam, method: "POST", path: () => "/api/team" },
      { name: "PATCH /api/team/:userId", mod: apiTeamMember, method: "PATCH", path: () => `/api/team/${targetId}`, params: () => ({ userId: targetId }) },
      { name: "POST /api/tokens", mod: apiTokens, method: "POST", path: () => "/api/tokens" },
    ];
  });

  const callApi = (api: Api, body: BodyInit | null, headers: Record<string, string>) =>
    callRoute(api.mod, { method: api.method, path: api.path(), params: api.params?.(), body, headers: { ...auth, ...headers } });

  async function expectRejected(outcome: Outcome, before: string, status?: number) {
    expect(outcome.crash, `crash: ${String(outcome.crash)}`).toBeUndefined();
    if (status) expect(outcome.status, outcome.text.slice(0, 300)).toBe(status);
    expect(outcome.status).toBeGreaterThanOrEqual(400);
    expect(outcome.status).toBeLessThan(500);
    expect(isApiErrorShape(outcome.body), `error shape: ${outcome.text.slice(0, 300)}`).toBe(true);
    expect(outcome.headers.get("Cache-Control")).toBe("no-store");
    expect(await snapshot(team.tenant.id)).toBe(before);
  }

  describe("named transport cases on every API that reads a body", () => {
    const json = { "Content-Type": "application/json" };
    const cases: { name: string; body: () => BodyInit | null; headers: Record<string, string>; status: number }[] = [
      { name: "malformed JSON", body: () => '{"provider": "RENDER",', headers: json, status: 400 },
      { name: "JSON with a trailing comma", body: () => '{"name": "x",}', headers: json, status: 400 },
      { name: "wrong content type (text/plain)", body: () => '{"provider":"RENDER"}', headers: { "Content-Type": "text/plain" }, status: 415 },
      { name: "form-encoded body", body: () => "provider=RENDER", headers: { "Content-Type": "application/x-www-form-urlencoded" }, status: 415 },
      { name: "no content type", body: () => '{"provider":"RENDER"}', headers: {}, status: 415 },
      { name: "a 2 MB body", body: () => JSON.stringify({ name: "x".repeat(2 * 1024 * 1024) }), headers: json, status: 413 },
      {
        name: "a 2 MB body that declares its length",
        body: () => JSON.stringify({ name: "x".repeat(2 * 1024 * 1024) }),
        headers: { ...json, "Content-Length": String(2 * 1024 * 1024 + 11) },
        status: 413,
      },
      { name: "a JSON array", body: () => "[]", headers: json, status: 400 },
      { name: "JSON null", body: () => "null", headers: json, status: 400 },
      { name: "a JSON string", body: () => '"RENDER"', headers: json, status: 400 },
      { name: "a JSON number", body: () => "42", headers: json, status: 400 },
      { name: "deeply nested arrays", body: () => "[".repeat(20_000) + "]".repeat(20_000), headers: json, status: 400 },
      {
        name: "unknown fields",
        body: () => JSON.stringify({ unexpected: true, role: "ADMIN", name: "n", email: "a@b.test", provider: "FLY" }),
        headers: json,
        status: 400,
      },
      { name: "a __proto__ key", body: () => '{"__proto__": {"isAdmin": true}, "constructor": {"prototype": {"x": 1}}}', headers: json, status: 400 },
      { name: "invalid UTF-8 bytes", body: () => new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), headers: json, status: 400 },
    ];
    for (const testCase of cases) {
      it(`${testCase.name} → ${testCase.status} on each API`, async () => {
        for (const api of apis) {
          const before = await snapshot(team.tenant.id);
          const outcome = await callApi(api, testCase.body(), testCase.headers);
          await expectRejected(outcome, before, testCase.status).catch((error: Error) => {
            throw new Error(`${api.name}: ${error.message}`);
          });
        }
      });
    }
  });

  describe("named field cases", () => {
    const put = (body: unknown) => callApi(apis[0]!, JSON.stringify(body), { "Content-Type": "application/json" });

    async function expectFieldError(body: unknown, field: string) {
      const before = await snapshot(team.tenant.id);
      const outcome = await put(body);
      await expectRejected(outcome, before, 400);
      const fields = (outcome.body as { error: { fields?: Record<string, string[]> } }).error.fields ?? {};
      expect(Object.keys(fields), `${JSON.stringify(body).slice(0, 120)} → ${outcome.text.slice(0, 300)}`).toContain(field);
      return outcome;
    }

    for (const [name, appUrl] of BAD_APP_URLS) {
      it(`appUrl: ${name} → 400 with a field error`, async () => {
        const outcome = await expectFieldError({ appUrl }, "appUrl");
        expect(outcome.text).not.toContain("hunter2-secret");
      });
    }

    it("appUrl: a valid unicode host is stored as its punycode form (the audience must be ASCII)", async () => {
      const other = await tenantWithTeam("IDN Co");
      await configureDeploy(other.as("OWNER"), { appUrl: "https://idn.example.com", databaseUrl: STORED_DB_URL });
      const token = (await tokenFor(other.people.OWNER.id, other.tenant.id)).token;
      const outcome = await callRoute(apiConfig, {
        method: "PUT",
        path: "/api/deploy/config",
        body: JSON.stringify({ appUrl: "https://bäckerei.example" }),
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      });
      expect(outcome.status).toBe(200);
      expect((await db().deployConfig.findUniqueOrThrow({ where: { tenantId: other.tenant.id } })).appUrl).toBe("https://xn--bckerei-5wa.example");
    });

    for (const [name, databaseUrl] of BAD_DATABASE_URLS) {
      it(`databaseUrl: ${name} → 400 with a field error that never repeats the password`, async () => {
        const outcome = await expectFieldError({ databaseUrl }, "databaseUrl");
        expect(outcome.text).not.toContain(DB_PASSWORD);
        expect(outcome.text).not.toContain("pass/word");
      });
    }

    const WRONG_TYPES: [string, unknown, string][] = [
      ["provider as a number", { provider: 1 }, "provider"],
      ["provider in lower case", { provider: "render" }, "provider"],
      ["an unknown provider", { provider: "HEROKU" }, "provider"],
      ["an empty provider", { provider: "" }, "provider"],
      ["provider as an array", { provider: ["RENDER"] }, "provider"],
      ["appUrl as an object", { appUrl: { href: "https://x.example.com" } }, "appUrl"],
      ["appUrl as null", { appUrl: null }, "appUrl"],
      ["databaseUrl as a number", { databaseUrl: 5432 }, "databaseUrl"],
      ["optionalKeys as a string", { optionalKeys: "sk-abc" }, "optionalKeys"],
      ["a malformed OpenAI key", { optionalKeys: { OPENAI_API_KEY: "not-a-key" } }, "optionalKeys.OPENAI_API_KEY"],
      ["an SMTP URL with a path", { optionalKeys: { SMTP_URL: "smtp://u:p@mail.example.com/x" } }, "optionalKeys.SMTP_URL"],
      ["a key as a number", { optionalKeys: { PAYMENTS_SECRET_KEY: 12345 } }, "optionalKeys.PAYMENTS_SECRET_KEY"],
      ["an unknown key to remove", { optionalKeys: { remove: ["AWS_SECRET"] } }, "optionalKeys.remove.0"],
    ];
    for (const [name, body, field] of WRONG_TYPES) {
      it(`${name} → 400 naming ${field}`, async () => {
        await expectFieldError(body, field);
      });
    }

    it("a good field next to a bad one saves nothing (no half-saved configuration)", async () => {
      await expectFieldError({ provider: "FLY", appUrl: "https://fine.example.com", databaseUrl: "mysql://a:b@c.example.com/d" }, "databaseUrl");
      await expectFieldError({ provider: "FLY", appUrl: "javascript:alert(1)" }, "appUrl");
    });

    it("team and token APIs: wrong types and empty strings", async () => {
      const cases: [Api, unknown, string][] = [
        [apis[2]!, { email: "", role: "MEMBER" }, "email"],
        [apis[2]!, { email: "not-an-email", role: "MEMBER" }, "email"],
        [apis[2]!, { email: "a@b.test", role: "ROOT" }, "role"],
        [apis[2]!, { email: "a@b.test", role: null }, "role"],
        [apis[2]!, { email: ["a@b.test"], role: "MEMBER" }, "email"],
        // Nobody sets another person's password or name: an invitation carries neither.
        [apis[2]!, { email: "a@b.test", role: "MEMBER", password: "long-enough-password" }, "body"],
        [apis[2]!, { email: "a@b.test", role: "MEMBER", name: "A" }, "body"],
        [apis[3]!, { role: "" }, "role"],
        [apis[3]!, { role: "owner" }, "role"],
        [apis[3]!, { role: null }, "role"],
        [apis[4]!, { name: "" }, "name"],
        [apis[4]!, { name: "   " }, "name"],
        [apis[4]!, { name: "n".repeat(61) }, "name"],
        [apis[4]!, { name: 7 }, "name"],
        [apis[1]!, { confirmRotation: "yes" }, "confirmRotation"],
      ];
      for (const [api, body, field] of cases) {
        const before = await snapshot(team.tenant.id);
        const outcome = await callApi(api, JSON.stringify(body), { "Content-Type": "application/json" });
        await expectRejected(outcome, before, 400);
        expect(Object.keys((outcome.body as { error: { fields?: object } }).error.fields ?? {}), `${api.name} ${JSON.stringify(body)}`).toContain(field);
      }
    });
  });

  describe("page forms", () => {
    // PostgreSQL cannot store or compare a NUL: every page form refuses it (400), never a 500.
    it("a NUL in any text or id field of the team, tokens and invitation pages is a 400 that changes nothing", async () => {
      const pages: [RouteModule, string, Record<string, string>][] = [
        [pageTokens, "/dashboard/tokens", { intent: "create", name: "a\u0000b" }],
        [pageTokens, "/dashboard/tokens", { intent: "revoke", id: "x\u0000" }],
        [pageTeam, "/dashboard/team", { intent: "change-role", userId: "u\u0000", role: "VIEWER" }],
        [pageTeam, "/dashboard/team", { intent: "revoke-invitation", id: "i\u0000" }],
        [pageTeam, "/dashboard/team", { intent: "invite", email: "a\u0000@b.test", role: "VIEWER" }],
        [pageInvite, "/invite", { intent: "create-account", token: "glinv_x", name: "Sam\u0000", password: "a-long-enough-password" }],
      ];
      for (const [mod, path, fields] of pages) {
        const before = await snapshot(team.tenant.id);
        const form = formBody(fields);
        const outcome = await callRoute(mod, { method: "POST", path, body: form.body, headers: { ...form.headers, Cookie: cookie } });
        expect(outcome.crash, `${path} ${JSON.stringify(fields)} crashed: ${String(outcome.crash)}`).toBeUndefined();
        expect(outcome.status, `${path} ${JSON.stringify(fields)}`).toBe(400);
        expect(await snapshot(team.tenant.id)).toBe(before);
      }
    });
  });

  describe("properties (fast-check)", () => {
    const PUT_KEYS = ["provider", "appUrl", "databaseUrl", "optionalKeys"];
    const anyJson = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.dictionary(
        fc.constantFrom(...PUT_KEYS, "confirmRotation", "email", "name", "role", "password", "remove", "__proto__"),
        fc.jsonValue({ maxDepth: 2 }),
        { maxKeys: 4 },
      ),
      fc.record(
        {
          provider: fc.oneof(fc.constantFrom(...PROVIDERS), fc.string()),
          appUrl: fc.oneof(
            fc.webUrl({ withQueryParameters: true, withFragments: true }),
            fc.string(),
            fc.constantFrom("https://127.0.0.1", "https://[::1]", "javascript:x", "https://a.local"),
          ),
          databaseUrl: fc.oneof(fc.string(), fc.constantFrom("postgresql://u:p@127.1/db", "postgres://u:p@0x7f000001/db", "mysql://u:p@h.example.com/d")),
          optionalKeys: fc.dictionary(fc.constantFrom(...OPTIONAL_KEYS, "remove"), fc.oneof(fc.string(), fc.array(fc.string()), fc.integer())),
        },
        { requiredKeys: [] },
      ),
    );

    it("no API body ever causes a 5xx; a rejection keeps the JSON error shape and changes nothing", async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...apis.map((_, i) => i)), anyJson, async (index, value) => {
          const api = apis[index]!;
          const before = await snapshot(team.tenant.id);
          const outcome = await callApi(api, JSON.stringify(value), { "Content-Type": "application/json" });
          expect(outcome.crash, `${api.name} ${JSON.stringify(value)} crashed: ${String(outcome.crash)}`).toBeUndefined();
          expect(outcome.status, `${api.name} ${JSON.stringify(value)}`).toBeLessThan(500);
          if (outcome.status >= 400) {
            expect(isApiErrorShape(outcome.body), `${api.name} ${JSON.stringify(value)} → ${outcome.text.slice(0, 200)}`).toBe(true);
            expect(await snapshot(team.tenant.id)).toBe(before);
          }
        }),
        { numRuns: 150 },
      );
    });

    it("arbitrary bytes as a JSON body never cause a 5xx", async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...apis.map((_, i) => i)), fc.uint8Array({ maxLength: 200 }), async (index, bytes) => {
          const outcome = await callApi(apis[index]!, bytes, { "Content-Type": "application/json" });
          expect(outcome.crash, String(outcome.crash)).toBeUndefined();
          expect(outcome.status).toBeLessThan(500);
          if (outcome.status >= 400) expect(isApiErrorShape(outcome.body)).toBe(true);
        }),
        { numRuns: 60 },
      );
    });

    type Page = { name: string; mod: RouteModule; path: string; fields: string[] };
    const PAGES: Page[] = [
      { name: "A provider", mod: pageProvider, path: "/dashboard/deploy/provider", fields: ["provider"] },
      { name: "B live URL", mod: pageUrl, path: "/dashboard/deploy/url", fields: ["appUrl"] },
      { name: "C database", mod: pageDatabase, path: "/dashboard/deploy/database", fields: ["databaseUrl"] },
      {
        name: "D secrets",
        mod: pageSecrets,
        path: "/dashboard/deploy/secrets",
        fields: ["intent", "confirmRotation", "JWT_SECRET", "ENCRYPTION_KEY", "SESSION_SECRET"],
      },
      { name: "E keys", mod: pageKeys, path: "/dashboard/deploy/keys", fields: [...OPTIONAL_KEYS, "remove"] },
      { name: "F pre-flight", mod: pagePreflight, path: "/dashboard/deploy/preflight", fields: ["intent"] },
      { name: "G verify", mod: pageVerify, path: "/dashboard/deploy/verify", fields: ["intent"] },
      { name: "H go live", mod: pageLive, path: "/dashboard/deploy/live", fields: ["intent"] },
    ];
    const ALL_FIELDS = [...new Set(PAGES.flatMap((page) => page.fields))];
    const postForm = (page: Page, body: BodyInit | null, headers: Record<string, string>) =>
      callRoute(page.mod, { method: "POST", path: page.path, body, headers: { Cookie: cookie, ...headers } });

    /** A Conform reply with a field or form error, wherever the route nests it. */
    function formErrors(body: unknown): string[] {
      const found: string[] = [];
      const visit = (value: unknown) => {
        if (typeof value !== "object" || value === null) return;
        const record = value as Record<string, unknown>;
        if (record.status === "error" && typeof record.error === "object" && record.error !== null) {
          for (const [key, messages] of Object.entries(record.error as Record<string, unknown>))
            if (Array.isArray(messages) && messages.length) found.push(key);
        }
        for (const child of Object.values(record)) visit(child);
      };
      visit(body);
      return found;
    }

    it("each wizard form: arbitrary fields never cause a 5xx; a 400 carries a field error and changes nothing", async () => {
      // Interactions that are valid on purpose (a real pre-flight, verify or go-live) must not be produced here.
      const fieldValue = fc.oneof(
        fc.string({ maxLength: 80 }),
        fc.constantFrom(
          "generate",
          "provide",
          "on",
          "RENDER",
          "https://x.example.com",
          "postgresql://u:p@h.example.com/d",
          "javascript:alert(1)",
          "\u0000",
          "ｌｏｃａｌｈｏｓｔ",
        ),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...PAGES.map((_, i) => i)),
          fc.dictionary(fc.oneof(fc.constantFrom(...ALL_FIELDS), fc.string({ maxLength: 10 })), fieldValue, { maxKeys: 5 }),
          fc.boolean(),
          async (index, generated, everyField) => {
            const page = PAGES[index]!;
            const fields: Record<string, string> = { ...generated };
            if (everyField) for (const name of page.fields) fields[name] ??= "";
            if (["F pre-flight", "G verify", "H go live"].includes(page.name) && ["run", "verify", "go-live"].includes(fields.intent ?? ""))
              fields.intent = "other";
            await ensurePassingRuns(team.as("OWNER"));
            const before = await snapshot(team.tenant.id);
            const outcome = await postForm(page, formBody(fields).body, formBody(fields).headers);
            expect(outcome.crash, `${page.name} ${JSON.stringify(fields)} crashed: ${String(outcome.crash)}`).toBeUndefined();
            expect(outcome.status, `${page.name} ${JSON.stringify(fields)}`).toBeLessThan(500);
            if (outcome.status === 400 && !outcome.thrown)
              expect(formErrors(outcome.body).length, `${page.name} ${JSON.stringify(fields)} → ${outcome.text.slice(0, 300)}`).toBeGreaterThan(0);
            if (outcome.status >= 400) expect(await snapshot(team.tenant.id)).toBe(before);
          },
        ),
        { numRuns: 120 },
      );
    });

    it("each wizard form: a JSON or text body, a 2 MB body and an empty body are refused with a 4xx, never a 500", async () => {
      for (const page of PAGES) {
        for (const [name, body, headers] of [
          ["JSON", JSON.stringify({ provider: "FLY" }), { "Content-Type": "application/json" }],
          ["text", "provider=FLY", { "Content-Type": "text/plain" }],
          ["no type", "provider=FLY", {}],
          ["multipart without boundary", "provider=FLY", { "Content-Type": "multipart/form-data" }],
          [
            "2 MB form",
            formBody(Object.fromEntries(page.fields.map((field) => [field, "x".repeat(2 * 1024 * 1024)]))).body,
            { "Content-Type": "application/x-www-form-urlencoded" },
          ],
          ["empty", "", { "Content-Type": "application/x-www-form-urlencoded" }],
        ] as const) {
          await ensurePassingRuns(team.as("OWNER"));
          const before = await snapshot(team.tenant.id);
          const outcome = await postForm(page, body, headers);
          expect(outcome.crash, `${page.name} ${name}: crashed: ${String(outcome.crash)}`).toBeUndefined();
          // An empty step-E form is a valid "keep every key" submission: it may redirect, but changes nothing.
          if (!(name === "empty" && page.name === "E keys"))
            expect(outcome.status, `${page.name} ${name}: ${outcome.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
          expect(outcome.status, `${page.name} ${name}`).toBeLessThan(500);
          expect(await snapshot(team.tenant.id), `${page.name} ${name}`).toBe(before);
        }
      }
    });

    it("the database form never echoes the password it refused", async () => {
      const outcome = await postForm(PAGES[2]!, formBody({ databaseUrl: `mysql://app:${DB_PASSWORD}@db.example.com/app` }).body, {
        "Content-Type": "application/x-www-form-urlencoded",
      });
      expect(outcome.status).toBe(400);
      expect(formErrors(outcome.body)).toContain("databaseUrl");
      expect(outcome.text).not.toContain(DB_PASSWORD);
    });

    it("the live-URL form answers each bad URL with the form and the field's error, and saves nothing", async () => {
      for (const [name, appUrl] of BAD_APP_URLS) {
        const before = await snapshot(team.tenant.id);
        const outcome = await postForm(PAGES[1]!, formBody({ appUrl }).body, formBody({}).headers);
        expect(outcome.status, name).toBe(400);
        expect(formErrors(outcome.body), name).toContain("appUrl");
        expect(outcome.text, name).not.toContain("hunter2-secret");
        expect(await snapshot(team.tenant.id), name).toBe(before);
      }
    });

    it("the database form answers each bad URL with the form and the field's error, never the password, and saves nothing", async () => {
      for (const [name, databaseUrl] of BAD_DATABASE_URLS) {
        const before = await snapshot(team.tenant.id);
        const outcome = await postForm(PAGES[2]!, formBody({ databaseUrl }).body, formBody({}).headers);
        expect(outcome.status, name).toBe(400);
        expect(formErrors(outcome.body), name).toContain("databaseUrl");
        expect(outcome.text, name).not.toContain(DB_PASSWORD);
        expect(await snapshot(team.tenant.id), name).toBe(before);
      }
    });

    it("POST /api/deploy/live ignores whatever body it is sent and answers JSON", async () => {
      for (const body of ["{", "[]", "x".repeat(100_000)]) {
        const outcome = await callRoute(apiLive, { method: "POST", path: "/api/deploy/live", body, headers: { ...auth, "Content-Type": "application/json" } });
        expect(outcome.crash).toBeUndefined();
        expect(outcome.status).toBeLessThan(500);
      }
    });
  });
});
