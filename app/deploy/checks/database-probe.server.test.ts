import { describe, expect, it, vi } from "vitest";
import { classifyDatabaseError, probeDatabase, type DatabaseFailureKind } from "./database-probe.server";
import type { ParsedDatabaseUrl } from "~/deploy/config/database-url";
import type { Resolver } from "~/deploy/checks/net/address-policy.server";

/** An error as the driver raises it: a message the remote server wrote, plus codes. */
const driverError = (message: string, fields: Record<string, unknown> = {}) => Object.assign(new Error(message), fields);
const REMOTE = "REMOTE-TEXT hunter2";

describe("classifyDatabaseError", () => {
  const cases: [string, unknown, DatabaseFailureKind, RegExp][] = [
    [
      "pg wrong password (28P01)",
      driverError(`password authentication failed for user "app" ${REMOTE}`, { code: "28P01", severity: "FATAL" }),
      "auth",
      /password/,
    ],
    ["pg unknown role (28000)", driverError(`role "nobody" does not exist ${REMOTE}`, { code: "28000" }), "auth", /user name/],
    [
      "pg no hba entry, no encryption (28000)",
      driverError(`no pg_hba.conf entry for host "1.2.3.4", user "app", database "app", no encryption ${REMOTE}`, { code: "28000" }),
      "tls_required",
      /sslmode=require/,
    ],
    [
      "pg old hba message, SSL off (28000)",
      driverError(`no pg_hba.conf entry for host "1.2.3.4", user "app", database "app", SSL off ${REMOTE}`, { code: "28000" }),
      "tls_required",
      /sslmode=require/,
    ],
    ["pg provider TLS demand (28000)", driverError(`SSL/TLS required ${REMOTE}`, { code: "28000" }), "tls_required", /sslmode=require/],
    [
      "pg hba refusal for the address (28000)",
      driverError(`no pg_hba.conf entry for host "1.2.3.4", user "app", database "app", SSL encryption ${REMOTE}`, { code: "28000" }),
      "auth",
      /allow-list/,
    ],
    ["pg database missing (3D000)", driverError(`database "nope" does not exist ${REMOTE}`, { code: "3D000" }), "database_missing", /database name/],
    ["pg no CONNECT privilege (42501)", driverError(`permission denied for database "app" ${REMOTE}`, { code: "42501" }), "auth", /CONNECT/],
    ["pg too many connections (53300)", driverError(`sorry, too many clients already ${REMOTE}`, { code: "53300" }), "unknown", /connection limit/],
    ["pg statement timeout (57014)", driverError(`canceling statement due to statement timeout ${REMOTE}`, { code: "57014" }), "timeout", /firewall/],
    ["pg server without TLS", driverError("The server does not support SSL connections"), "tls_refused", /Turn on TLS|remove sslmode/],
    ["pg connect timeout", driverError("timeout expired"), "timeout", /firewall/],
    ["pg connection terminated", driverError("Connection terminated unexpectedly"), "unknown", /host and port/],
    ["pg SASL failure", driverError(`SASL: SCRAM-SERVER-FINAL-MESSAGE: server signature is missing ${REMOTE}`), "unsupported", /password/],
    ["refused", driverError(`connect ECONNREFUSED 10.0.0.1:5432`, { code: "ECONNREFUSED", errno: -111, syscall: "connect" }), "refused", /port/],
    ["timed out", driverError("connect ETIMEDOUT 203.0.113.1:5432", { code: "ETIMEDOUT" }), "timeout", /firewall/],
    ["host unreachable", driverError("connect EHOSTUNREACH", { code: "EHOSTUNREACH" }), "refused", /external host name/],
    ["dns", driverError("getaddrinfo ENOTFOUND db.example.com", { code: "ENOTFOUND" }), "dns", /host name/],
    ["self-signed", driverError("self-signed certificate", { code: "DEPTH_ZERO_SELF_SIGNED_CERT" }), "tls_untrusted", /certificate/],
    [
      "altname",
      driverError(`Hostname/IP does not match certificate's altnames ${REMOTE}`, { code: "ERR_TLS_CERT_ALTNAME_INVALID" }),
      "tls_untrusted",
      /host name/,
    ],
    ["expired", driverError("certificate has expired", { code: "CERT_HAS_EXPIRED" }), "tls_untrusted", /certificate/],
    ["wrapped cause", driverError("wrapper", { cause: driverError("x", { code: "3D000" }) }), "database_missing", /database name/],
    ["anything else", driverError(`something odd ${REMOTE}`, { code: "XX000" }), "unknown", /DATABASE_URL/],
    ["not an error at all", "a string", "unknown", /DATABASE_URL/],
    ["null", null, "unknown", /DATABASE_URL/],
  ];

  it.each(cases)("%s → %s", (_label, error, kind, fix) => {
    const result = classifyDatabaseError(error);
    expect(result.kind).toBe(kind);
    expect(result.fix).toMatch(fix);
    expect(result.detail).toMatch(/^[A-Z].*\.$/);
    expect(`${result.detail} ${result.fix}`).not.toMatch(/REMOTE-TEXT|hunter2|1\.2\.3\.4|10\.0\.0\.1/);
  });
});

describe("probeDatabase before connecting", () => {
  const url: ParsedDatabaseUrl = {
    scheme: "postgresql",
    host: "db.example.com",
    port: 5432,
    user: "app",
    password: "pw-secret",
    database: "app",
    sslmode: "require",
  };

  it("refuses a host that resolves to a private address without connecting (the tripwire would throw)", async () => {
    const resolver = vi.fn<Resolver>(async () => [{ address: "10.0.0.5", family: 4 }]);
    const result = await probeDatabase(url, { timeoutMs: 1000, policy: { allowLoopback: false }, resolver });
    expect(result).toMatchObject({ ok: false, kind: "blocked" });
    if (!result.ok) expect(result.fix).toMatch(/external/);
    expect(resolver).toHaveBeenCalledTimes(1);
  });

  it("refuses internal single-label hosts (Render's internal URL) by name", async () => {
    const resolver = vi.fn<Resolver>(async () => [{ address: "93.184.216.34", family: 4 }]);
    const result = await probeDatabase({ ...url, host: "dpg-abc123-a" }, { timeoutMs: 1000, policy: { allowLoopback: false }, resolver });
    expect(result).toMatchObject({ ok: false, kind: "blocked" });
    expect(resolver).not.toHaveBeenCalled();
  });

  it("reports DNS failures and a resolver that never answers", async () => {
    const missing: Resolver = async () => {
      throw Object.assign(new Error("nope"), { code: "ENOTFOUND" });
    };
    expect(await probeDatabase(url, { timeoutMs: 1000, policy: { allowLoopback: false }, resolver: missing })).toMatchObject({ ok: false, kind: "dns" });
    const hanging: Resolver = () => new Promise(() => undefined);
    const started = performance.now();
    expect(await probeDatabase(url, { timeoutMs: 200, policy: { allowLoopback: false }, resolver: hanging })).toMatchObject({ ok: false, kind: "timeout" });
    expect(performance.now() - started).toBeLessThan(200 + 300);
  });
});
