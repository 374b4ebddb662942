import net from "node:net";
import type { Duplex } from "node:stream";
import tls from "node:tls";
import pg from "pg";
import type { ParsedDatabaseUrl } from "~/deploy/config/database-url";
import {
  isLoopbackAddress,
  resolveAndCheck,
  systemResolver,
  type AddressPolicy,
  type ResolvedAddress,
  type Resolver,
} from "~/deploy/checks/net/address-policy.server";

/**
 * Pre-flight `database.reachable`: resolve and check the tenant's database host, then
 * connect to the checked address with an explicit driver config (never a connection string, so
 * nothing comes from the query string, PG* variables or ~/.pgpass), run one trivial query, close.
 *
 * The password crosses the internet only inside TLS: to any address that is not loopback, prefer
 * (the default, written without ?sslmode), require and verify-full all use TLS and verify the
 * certificate against public CAs, with the host name as the server name; only an explicit
 * sslmode=disable connects in plain text (pre-flight then warns). A loopback target (allowed only
 * in development) keeps the driver's reading of prefer: plain text. On a connection without TLS
 * the probe never answers a request for the clear-text password (MD5 and SCRAM never send it).
 *
 * The server is untrusted input: the probe reads at most MAX_RECEIVED_BYTES from the socket (a
 * sign-in and a version query need about one kilobyte) and aborts past that, so a server that
 * answers with a huge row costs neither memory nor a large stored run.
 *
 * Errors are classified by code; the server's own text never leaves this module.
 */
export type DatabaseFailureKind =
  | "blocked"
  | "dns"
  | "refused"
  | "timeout"
  | "auth"
  | "tls_required"
  | "tls_refused"
  | "tls_untrusted"
  | "database_missing"
  | "unsupported"
  | "insecure"
  | "too_large"
  | "unknown";
export type DatabaseProbeResult =
  { ok: true; serverVersion: string; latencyMs: number } | { ok: false; kind: DatabaseFailureKind; detail: string; fix: string; latencyMs: number };

type Classified = { kind: DatabaseFailureKind; detail: string; fix: string };

class ProbeTimeoutError extends Error {
  override name = "ProbeTimeoutError";
  readonly code = "ETIMEDOUT";
}

/** The probe's own reasons to hang up (the codes are matched by classifyDatabaseError). */
class ProbeAbortError extends Error {
  override name = "ProbeAbortError";
  constructor(readonly code: "GOLIVE_TOO_MUCH_DATA" | "GOLIVE_CLEARTEXT_REFUSED") {
    super(code);
  }
}

/** Everything a probe may receive from the server, TLS records included. */
export const MAX_RECEIVED_BYTES = 64 * 1024;
/** The longest server version kept ("PostgreSQL 16.4" is 15 characters). */
const MAX_VERSION_LENGTH = 32;

const COPY_AGAIN = "copy it again from your provider's database page";

export async function probeDatabase(
  url: ParsedDatabaseUrl,
  options: { timeoutMs: number; policy: AddressPolicy; resolver?: Resolver },
): Promise<DatabaseProbeResult> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  const deadlineAt = Date.now() + options.timeoutMs;
  const failWith = (classified: Classified): DatabaseProbeResult => ({ ok: false, ...classified, latencyMs: latency() });

  let resolved: Awaited<ReturnType<typeof resolveAndCheck>>;
  try {
    resolved = await withDeadline(resolveAndCheck(url.host, options.policy, options.resolver ?? systemResolver), options.timeoutMs);
  } catch (error) {
    return failWith(classifyDatabaseError(error));
  }
  if (!resolved.ok) {
    return failWith(
      resolved.kind === "blocked"
        ? {
            kind: "blocked",
            detail: resolved.detail,
            fix: "Use the external (public) host name your provider gives for connections from outside its network. Internal, private and local addresses cannot be checked from here.",
          }
        : {
            kind: "dns",
            detail: resolved.detail,
            fix: `Check the host name in DATABASE_URL for typos, or ${COPY_AGAIN} (use the external connection string).`,
          },
    );
  }

  let last: Classified | undefined;
  for (const address of resolved.addresses) {
    const remaining = deadlineAt - Date.now();
    if (remaining <= 0) break;
    try {
      const serverVersion = await probePostgres(url, address, remaining);
      return { ok: true, serverVersion, latencyMs: latency() };
    } catch (error) {
      last = classifyDatabaseError(error);
      // Without ?sslmode the driver would fall back to plain text; the probe does not over the internet.
      if (last.kind === "tls_refused" && url.sslmode === "prefer") last = { ...RESULTS.tls_refused_default! };
      // Another address of the same host may answer (IPv6 first on a machine without IPv6).
      if (last.kind !== "refused") break;
    }
  }
  return failWith(last ?? classifyDatabaseError(new ProbeTimeoutError("deadline")));
}

function tlsServername(url: ParsedDatabaseUrl) {
  return net.isIP(url.host) ? undefined : url.host;
}

/** TLS unless the URL says disable, or the default (prefer) meets a loopback address (development only). */
export function usesTls(url: Pick<ParsedDatabaseUrl, "sslmode">, address: string): boolean {
  if (url.sslmode === "disable") return false;
  if (url.sslmode === "prefer") return !isLoopbackAddress(address);
  return true;
}

/**
 * Counts what the server sends on `stream` against the probe's budget and destroys the stream once
 * the budget is spent. Listening first, it runs before the driver's parser sees the chunk; the
 * parser then holds at most the budget plus one chunk.
 */
function capReceived(stream: Duplex, budget: { received: number }) {
  const onData = (chunk: Buffer | string) => {
    budget.received += chunk.length;
    if (budget.received > MAX_RECEIVED_BYTES) {
      stream.off("data", onData);
      stream.destroy(new ProbeAbortError("GOLIVE_TOO_MUCH_DATA"));
    }
  };
  stream.prependListener("data", onData);
}

function versionLabel(product: string, raw: unknown) {
  const version = /^\d{1,6}(\.\d{1,6}){0,3}/.exec(String(raw ?? "").slice(0, MAX_VERSION_LENGTH))?.[0];
  return version ? `${product} ${version}` : product;
}

/**
 * pg falls back to PGOPTIONS, PGREPLICATION and friends for any field that is unset or empty, and
 * sends them in the startup message. This client sends exactly user, database and application name
 * (no server-side timeouts either: PgBouncer-style poolers refuse unknown startup parameters).
 */
/** pg's handler for a clear-text password request (not in its type declarations). */
type PgAuthHandlers = { _handleAuthCleartextPassword(this: pg.Client, message: unknown): void };

class ProbeClient extends pg.Client {
  constructor(
    config: pg.ClientConfig,
    private readonly startup: { user: string; database: string },
  ) {
    super(config);
  }

  getStartupConf() {
    return { user: this.startup.user, database: this.startup.database, application_name: "go-live-preflight" };
  }

  /** A server (or someone in between) asking for the password in clear text over plain TCP gets nothing. */
  _handleAuthCleartextPassword(message: unknown) {
    if (this.connection.stream instanceof tls.TLSSocket) {
      (pg.Client.prototype as unknown as PgAuthHandlers)._handleAuthCleartextPassword.call(this, message);
      return;
    }
    this.connection.stream.destroy(new ProbeAbortError("GOLIVE_CLEARTEXT_REFUSED"));
  }
}

async function probePostgres(url: ParsedDatabaseUrl, address: ResolvedAddress, timeoutMs: number): Promise<string> {
  const client = new ProbeClient(
    {
      host: address.address,
      port: url.port,
      user: url.user,
      password: url.password,
      database: url.database,
      // Set explicitly: left undefined, pg reads PGSSLMODE from the platform's environment.
      ssl: usesTls(url, address.address) ? { servername: tlsServername(url), rejectUnauthorized: true } : false,
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
      application_name: "go-live-preflight",
      keepAlive: false,
    },
    { user: url.user, database: url.database },
  );
  client.on("error", () => undefined); // late socket errors after we have our answer
  // The plain socket until TLS starts, then the TLS socket (which takes over the plain one's reads).
  const budget = { received: 0 };
  capReceived(client.connection.stream, budget);
  client.connection.once("sslconnect", () => capReceived(client.connection.stream, budget));
  try {
    await withDeadline(client.connect(), timeoutMs);
    // The server cuts its own answer short; the byte cap holds whatever it sends instead.
    const result = await withDeadline(client.query<{ v: string }>(`SELECT left(current_setting('server_version'), ${MAX_VERSION_LENGTH}) AS v`), timeoutMs);
    return versionLabel("PostgreSQL", result.rows[0]?.v);
  } finally {
    await withDeadline(client.end(), 500).catch(() => undefined);
  }
}

function withDeadline<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeTimeoutError("deadline")), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const TLS_CERT_CODE =
  /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_[A-Z_]+|ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH)$/;

const RESULTS: Record<string, Classified> = {
  auth: {
    kind: "auth",
    detail: "The database refused the user name or password.",
    fix: `Check the user name and password in DATABASE_URL — ${COPY_AGAIN}. If you reset the password recently, use the new one.`,
  },
  role: {
    kind: "auth",
    detail: "The database refused this user (it may not exist, or may not be allowed to connect).",
    fix: `Check the user name in DATABASE_URL — ${COPY_AGAIN}.`,
  },
  allowlist: {
    kind: "auth",
    detail: "The database does not accept connections from the platform's address for this user.",
    fix: "Allow external connections in your provider's database settings (its IP allow-list or access rules), then run pre-flight again.",
  },
  privilege: {
    kind: "auth",
    detail: "The user signed in but may not use this database.",
    fix: "Grant the user access to the database at your provider (CONNECT privilege), or use the user that owns it.",
  },
  tls_required: {
    kind: "tls_required",
    detail: "The database only accepts encrypted (TLS) connections.",
    fix: "Add ?sslmode=require to the end of DATABASE_URL (your provider's URL may already offer it).",
  },
  tls_refused: {
    kind: "tls_refused",
    detail: "The database server does not support encrypted (TLS) connections, but DATABASE_URL asks for one.",
    fix: "Turn on TLS for the database at your provider, or remove sslmode=require from DATABASE_URL if it is only reachable on a private network.",
  },
  tls_refused_default: {
    kind: "tls_refused",
    detail: "The database server does not offer encrypted (TLS) connections, and this check sends the password across the internet only over TLS.",
    fix: "Turn on TLS for the database at your provider. If it really cannot use TLS, add ?sslmode=disable to DATABASE_URL: the password then travels readable by anyone on the way, and pre-flight warns about it.",
  },
  tls_untrusted: {
    kind: "tls_untrusted",
    detail: "The database's TLS certificate could not be verified (self-signed, from an unknown authority, expired, or for another host name).",
    fix: "Use the host name from your provider's connection string exactly (certificates are issued for it). If your provider uses its own certificate authority, its database needs a publicly trusted certificate to be checked from here.",
  },
  database_missing: {
    kind: "database_missing",
    detail: "The server answered, but the database named in DATABASE_URL does not exist.",
    fix: "Check the database name after the last / in DATABASE_URL, or create that database at your provider.",
  },
  refused: {
    kind: "refused",
    detail: "The connection was refused: nothing is listening at that host and port.",
    fix: "Check the port in DATABASE_URL (PostgreSQL usually 5432), that the database is running, and that it accepts connections from outside your provider's network.",
  },
  unreachable: {
    kind: "refused",
    detail: "The database host is unreachable from the platform's network.",
    fix: "Use the external host name from your provider; internal network addresses cannot be reached from outside.",
  },
  timeout: {
    kind: "timeout",
    detail: "The database did not answer in time.",
    fix: "Check the host and port in DATABASE_URL and that the database accepts connections from the internet (a firewall that drops packets looks like this). A database that is paused or starting up may also take too long.",
  },
  dns: {
    kind: "dns",
    detail: "The database host name was not found in DNS.",
    fix: `Check the host name in DATABASE_URL for typos, or ${COPY_AGAIN}.`,
  },
  unsupported: {
    kind: "unsupported",
    detail: "The server asked for a sign-in method or feature this check does not support, or does not speak the expected database protocol.",
    fix: "Check that the host and port point at the database itself (not a web page or a proxy), and that the user signs in with a password (SCRAM or MD5 for PostgreSQL).",
  },
  cleartext: {
    kind: "insecure",
    detail: "The server asked for the password in clear text over an unencrypted connection; the check did not send it.",
    fix: "Use TLS (add ?sslmode=require to DATABASE_URL and turn TLS on at your provider), or let the database sign users in with SCRAM or MD5.",
  },
  too_large: {
    kind: "too_large",
    detail: "The server sent far more data than signing in and reading its version take; the check hung up.",
    fix: "Check that the host and port in DATABASE_URL point at your PostgreSQL database itself, not another service.",
  },
  busy: {
    kind: "unknown",
    detail: "The database is not accepting new connections right now (too many connections, or starting up / shutting down).",
    fix: "Wait a minute and run pre-flight again; if it persists, check the connection limit and status at your provider.",
  },
  closed: {
    kind: "unknown",
    detail: "The database closed the connection before sign-in finished.",
    fix: "Check that the host and port point at the database, and whether it requires ?sslmode=require.",
  },
  unknown: {
    kind: "unknown",
    detail: "The connection to the database failed for an unrecognised reason.",
    fix: `Check DATABASE_URL — ${COPY_AGAIN} — and run pre-flight again.`,
  },
};

/** Map a driver or socket error to a kind and our own words. Codes first; the message is only matched, never shown. */
export function classifyDatabaseError(error: unknown): Classified {
  const e = (typeof error === "object" && error !== null ? error : {}) as { code?: unknown; message?: unknown; name?: unknown; cause?: unknown };
  const code = typeof e.code === "string" ? e.code : "";
  const message = typeof e.message === "string" ? e.message : "";
  const pick = (key: keyof typeof RESULTS) => ({ ...RESULTS[key]! });
  const mentionsTls = /\b(ssl|tls|encrypt\w*|insecure)\b/i.test(message);

  if (code === "GOLIVE_TOO_MUCH_DATA") return pick("too_large");
  if (code === "GOLIVE_CLEARTEXT_REFUSED") return pick("cleartext");

  // PostgreSQL SQLSTATE codes.
  if (code === "28P01") return pick("auth");
  if (code === "28000") {
    // "no pg_hba.conf entry … no encryption" (PG 14+) / "… SSL off": a TLS connection would have had a rule.
    if (/no encryption|ssl off/i.test(message)) return pick("tls_required");
    // "… SSL encryption": the connection was encrypted and still matched no rule: an address allow-list.
    if (/pg_hba/i.test(message)) return pick("allowlist");
    if (mentionsTls) return pick("tls_required");
    return pick("role");
  }
  if (code === "3D000") return pick("database_missing");
  if (code === "42501") return pick("privilege");
  if (code === "53300" || code === "57P03" || code === "57P01") return pick("busy");
  if (code === "57014") return pick("timeout");
  if (code === "0A000" || code === "08P01") return mentionsTls ? pick("tls_required") : pick("unsupported");

  // Sockets and TLS.
  if (TLS_CERT_CODE.test(code)) return pick("tls_untrusted");
  if (code === "ECONNREFUSED") return pick("refused");
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH") return pick("unreachable");
  if (code === "ETIMEDOUT" || code === "ETIMEOUT" || e.name === "TimeoutError" || /timeout expired|connection timeout|timed out/i.test(message))
    return pick("timeout");
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NONAME") return pick("dns");
  if (/does not support ssl/i.test(message)) return pick("tls_refused");
  if (code.startsWith("ERR_SSL") || code === "EPROTO" || /error establishing an ssl connection/i.test(message)) return pick("tls_untrusted");
  if (/SASL|authentication ?(method|type)|unknown auth|not supported/i.test(message)) return pick("unsupported");
  if (code === "ECONNRESET" || code === "EPIPE" || /terminated unexpectedly|connection lost|closed the connection/i.test(message)) {
    return pick("closed");
  }
  if (e.cause && e.cause !== error) {
    const inner = classifyDatabaseError(e.cause);
    if (inner.kind !== "unknown") return inner;
  }
  return pick("unknown");
}
