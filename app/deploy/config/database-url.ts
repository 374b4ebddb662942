import ipaddr from "ipaddr.js";

/**
 * The tenant's DATABASE_URL, parsed by hand (shared by the form and the server). Only host, port,
 * user, password, database and sslmode are read: driver-level URL parsers let the query string
 * replace the host, point at Unix sockets or make the platform read local key files, and fill
 * missing fields from the platform's own PG* environment (SECURITY.md). Messages name the problem
 * and the fix and never contain the password.
 */
/** The deployed app is this build, which runs on PostgreSQL only. */
export type DatabaseScheme = "postgresql";
export type SslMode = "disable" | "prefer" | "require" | "verify-full";
export type ParsedDatabaseUrl = { scheme: DatabaseScheme; host: string; port: number; user: string; password: string; database: string; sslmode: SslMode };

export const DEFAULT_SSLMODE: SslMode = "prefer";
const DEFAULT_PORT = 5432;
const SCHEMES: Record<string, DatabaseScheme> = { postgres: "postgresql", postgresql: "postgresql" };
const SSL_MODES: readonly SslMode[] = ["disable", "prefer", "require", "verify-full"];
const HOST_LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;
const MAX_LENGTH = 2048;

type ParseResult = { ok: true; value: ParsedDatabaseUrl } | { ok: false; message: string };

const ENCODE_HINT = "If your password contains @ : / ? # or %, URL-encode those characters (%40 %3A %2F %3F %23 %25).";

export function parseDatabaseUrl(raw: string): ParseResult {
  const fail = (message: string): ParseResult => ({ ok: false, message });
  const input = raw.trim();
  const expected = "postgresql://";
  if (!input) return fail(`Enter your database URL. It starts with ${expected} and comes from your provider's database page.`);
  if (input.length > MAX_LENGTH) return fail("The database URL is too long. Copy it again from your provider's database page.");
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(input)) return fail("The database URL contains spaces or line breaks. Copy it again as one line.");
  if (input.includes("${{"))
    return fail(
      "That is a Railway variable reference (${{…}}), which Railway fills in only inside the project. Paste the value itself: open the Postgres service → Variables and copy DATABASE_PUBLIC_URL.",
    );

  const schemeMatch = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(input);
  if (!schemeMatch) return fail(`The database URL must start with ${expected}, for example postgresql://app:password@db.example.com:5432/app.`);
  const schemeName = schemeMatch[1]!.toLowerCase();
  const scheme = SCHEMES[schemeName];
  if (!scheme) return fail(unsupportedSchemeMessage(schemeName, expected));
  if (!input.slice(schemeMatch[0].length).startsWith("//")) return fail(`Write the URL as ${schemeName}://user:password@host:port/database.`);
  const rest = input.slice(schemeMatch[0].length + 2);

  if (rest.includes("#")) return fail(`The database URL contains a #. Remove anything after it; if # is part of your password, write it as %23.`);
  // The authority ends at the first / or ?, as in every URL parser; a raw / or ? in a password ends it early.
  const authorityEnd = rest.search(/[/?]/);
  const authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd);
  const tail = authorityEnd === -1 ? "" : rest.slice(authorityEnd);
  const queryStart = tail.indexOf("?");
  const path = queryStart === -1 ? tail : tail.slice(0, queryStart);
  const query = queryStart === -1 ? "" : tail.slice(queryStart + 1);
  if (path.includes("@") || query.includes("@")) {
    return fail(`The database URL has an @ after the host, which usually means the password contains a / or ?. ${ENCODE_HINT}`);
  }

  const at = authority.lastIndexOf("@");
  if (at === -1) return fail("The database URL has no user name and password. Use the full URL from your provider: user:password@host.");
  const userinfo = authority.slice(0, at);
  const hostport = authority.slice(at + 1);
  const colon = userinfo.indexOf(":");
  const rawUser = colon === -1 ? userinfo : userinfo.slice(0, colon);
  const rawPassword = colon === -1 ? "" : userinfo.slice(colon + 1);
  const user = decode(rawUser);
  const password = decode(rawPassword);
  if (user === null) return fail(`The user name has a % that is not followed by two hex digits. Write a literal % as %25.`);
  if (password === null) return fail(`The password has a % that is not followed by two hex digits. ${ENCODE_HINT}`);
  if (!user) return fail("The database URL has no user name. Put it before the password: user:password@host.");
  if (!password) {
    return fail("The database URL has no password. Add it after the user name (user:password@host); a database reachable from the internet needs one.");
  }
  if (user.length > 128) return fail("The user name is longer than databases allow. Copy the URL again from your provider.");
  if (password.length > 1024) return fail("The password is longer than databases allow. Copy the URL again from your provider.");

  const hostResult = parseHostPort(hostport, DEFAULT_PORT);
  if (!hostResult.ok) return hostResult;

  const database = decode(path.replace(/^\//, ""));
  if (database === null) return fail("The database name has a % that is not followed by two hex digits. Write a literal % as %25.");
  if (!database) return fail("The database URL has no database name. Add it after the host, for example …@db.example.com:5432/app.");
  if (database.includes("/")) return fail("The database name contains a /. Keep only the database name after the host (…/app).");
  if (database.length > 128) return fail("The database name is longer than databases allow.");
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(user + database)) return fail("The user name or database name contains control characters.");

  const sslmode = parseQuery(query);
  if (!sslmode.ok) return sslmode;

  return { ok: true, value: { scheme, host: hostResult.host, port: hostResult.port, user, password, database, sslmode: sslmode.value } };
}

function unsupportedSchemeMessage(scheme: string, expected: string) {
  if (scheme === "sqlite" || scheme === "file") {
    return `A ${scheme}: database is a file on one machine, which your host cannot share. Create a PostgreSQL database at your provider and paste its URL (it starts with ${expected}).`;
  }
  if (scheme === "http" || scheme === "https") {
    return `That is a web address, not a database URL. Paste the connection string from your provider's database page; it starts with ${expected}.`;
  }
  if (scheme === "mysql" || scheme === "mariadb") {
    return `This app runs on PostgreSQL; MySQL and MariaDB cannot run it. Use a PostgreSQL database URL (it starts with ${expected}).`;
  }
  return `Databases of type "${scheme.slice(0, 20)}" are not supported. The URL must start with ${expected}.`;
}

function decode(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

function parseHostPort(hostport: string, defaultPort: number): { ok: true; host: string; port: number } | { ok: false; message: string } {
  const fail = (message: string) => ({ ok: false as const, message });
  let host: string;
  let portText: string | undefined;
  if (hostport.startsWith("[")) {
    const close = hostport.indexOf("]");
    if (close === -1) return fail("The IPv6 address in the database URL is missing its closing ].");
    host = hostport.slice(1, close).toLowerCase();
    const after = hostport.slice(close + 1);
    if (after && !after.startsWith(":")) return fail("Put the port after the IPv6 address like this: [2001:db8::1]:5432.");
    portText = after ? after.slice(1) : undefined;
    if (host.includes("%")) return fail("IPv6 zone ids (the % part) are not supported in the database host.");
    if (!ipaddr.IPv6.isValid(host)) return fail("The IPv6 address in the database URL is not valid.");
    // [::ffff:7f00:1] is 127.0.0.1 in disguise, like the numeric forms below.
    if (ipaddr.IPv6.parse(host).isIPv4MappedAddress()) {
      return fail(
        "The host is an IPv4 address written as IPv6 (::ffff:…). Write it as four dotted numbers (such as 203.0.113.10) or use the host name from your provider.",
      );
    }
  } else {
    const colon = hostport.lastIndexOf(":");
    host = (colon === -1 ? hostport : hostport.slice(0, colon)).toLowerCase().replace(/\.$/, "");
    portText = colon === -1 ? undefined : hostport.slice(colon + 1);
    if (!host) return fail("The database URL has no host. Put it after the @, for example …@db.example.com:5432/app.");
    if (host.includes(":")) return fail("Write an IPv6 host in brackets, for example [2001:db8::1]:5432.");
    if (host.includes(",")) return fail("The database URL lists several hosts. Use a single host.");
    if (host.includes("%")) return fail("The host in the database URL is percent-encoded. Write the host name as plain text.");
    // 0x7f000001, 2130706433, 127.1 and 0177.0.0.1 all mean 127.0.0.1 to the resolver: refuse the disguise.
    const numeric = /^[\d.]+$/.test(host) ? !ipaddr.IPv4.isValidFourPartDecimal(host) : ipaddr.IPv4.isValid(host);
    if (numeric) {
      return fail(
        "The host is a number written in an unusual form. Write the address as four dotted numbers (such as 203.0.113.10) or use the host name from your provider.",
      );
    } else if (host.length > 253 || !host.split(".").every((label) => HOST_LABEL.test(label))) {
      return fail("The host in the database URL is not a valid host name (letters, digits, hyphens and dots). Copy it again from your provider.");
    }
  }
  if (portText === undefined || portText === "") {
    if (portText === "") return fail("The database URL has a : after the host but no port number. Add the port (such as 5432) or remove the colon.");
    return { ok: true, host, port: defaultPort };
  }
  if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
    return fail(`The port must be a number from 1 to 65535 (such as ${defaultPort}). ${ENCODE_HINT}`);
  }
  return { ok: true, host, port: Number(portText) };
}

function parseQuery(query: string): { ok: true; value: SslMode } | { ok: false; message: string } {
  let sslmode: SslMode | undefined;
  for (const part of query.split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    const key = decode(eq === -1 ? part : part.slice(0, eq))?.toLowerCase();
    const value = decode(eq === -1 ? "" : part.slice(eq + 1)) ?? "";
    const safeKey = key && /^[a-z0-9_.-]{1,40}$/.test(key) ? key : null;
    if (key === "sslmode") {
      if (sslmode) return { ok: false, message: "The database URL sets sslmode more than once. Keep one." };
      const mode = SSL_MODES.find((candidate) => candidate === value.toLowerCase());
      if (!mode) return { ok: false, message: "sslmode must be one of disable, prefer, require or verify-full." };
      sslmode = mode;
      continue;
    }
    return {
      ok: false,
      message: `The database URL has a "${safeKey ?? "…"}" setting after the ?, which is not accepted here: only sslmode is. Remove it (host, port, user and database belong in the URL itself; certificate files and driver options are not supported).`,
    };
  }
  return { ok: true, value: sslmode ?? DEFAULT_SSLMODE };
}

function hostForUrl(host: string) {
  return host.includes(":") ? `[${host}]` : host;
}

const encodeUserinfo = (value: string) => encodeURIComponent(value);

function queryFor(value: ParsedDatabaseUrl) {
  if (value.sslmode === DEFAULT_SSLMODE) return "";
  return `?sslmode=${value.sslmode}`;
}

/** host:port of the server a URL names, for the record of a probe: no user name, password or database. */
export function databaseTarget(value: Pick<ParsedDatabaseUrl, "host" | "port">): string {
  return `${hostForUrl(value.host)}:${value.port}`;
}

/** For display: the password replaced by ••••, everything else as it will be used. */
export function maskDatabaseUrl(value: ParsedDatabaseUrl): string {
  return `${value.scheme}://${encodeUserinfo(value.user)}:••••@${hostForUrl(value.host)}:${value.port}/${encodeURIComponent(value.database)}${queryFor(value)}`;
}

/** The canonical URL written into the env bundle: every field explicit, every part encoded. */
export function formatDatabaseUrl(value: ParsedDatabaseUrl): string {
  return `${value.scheme}://${encodeUserinfo(value.user)}:${encodeUserinfo(value.password)}@${hostForUrl(value.host)}:${value.port}/${encodeURIComponent(value.database)}${queryFor(value)}`;
}
