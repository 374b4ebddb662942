import net from "node:net";
import { Agent, request, type buildConnector, type Dispatcher } from "undici";
import {
  isLoopbackAddress,
  normaliseHostname,
  resolveAndCheck,
  systemResolver,
  type AddressPolicy,
  type ResolvedAddress,
  type Resolver,
} from "./address-policy.server";
import { connectPinned } from "./pinned-socket.server";

/**
 * GET a tenant's URL without letting the tenant steer the platform somewhere it must not go
 * (SECURITY.md, "Outbound calls"): every hop is resolved once, checked, and connected to by
 * address; redirects are followed by hand and re-checked; everything is bounded; failures are
 * classified in our own words, never the remote's.
 */
export type SafeFetchOptions = {
  headers?: Record<string, string>;
  /** GET by default; a POST (the workspace hand-over) sends `body` on the first hop only and must not be redirected (maxRedirects 0). */
  method?: "GET" | "POST";
  body?: string;
  timeoutMs: number;
  connectTimeoutMs?: number;
  maxBytes: number;
  /** Redirects to follow, each re-checked (default 2); 0 reports any redirect as a failure. */
  maxRedirects?: number;
  policy: AddressPolicy;
  resolver?: Resolver;
  /** Extra trusted CA certificates (tests only). */
  ca?: string | Buffer;
};
export type SafeFetchFailureKind = "bad_url" | "blocked" | "dns" | "refused" | "timeout" | "tls" | "too_large" | "redirect" | "network";
export type SafeFetchResult =
  | { ok: true; status: number; headers: Record<string, string>; body: string; timingMs: number; finalUrl: string }
  | { ok: false; kind: SafeFetchFailureKind; detail: string; timingMs: number };

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const USER_AGENT = "Go-Live-Verifier/1.0";

class PinMissingError extends Error {
  override name = "PinMissingError";
}

export async function safeFetch(url: string, options: SafeFetchOptions): Promise<SafeFetchResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const fail = (kind: SafeFetchFailureKind, detail: string): SafeFetchResult => ({ ok: false, kind, detail, timingMs: elapsed() });
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const maxRedirects = options.maxRedirects ?? 2;
  const connectTimeoutMs = Math.min(options.connectTimeoutMs ?? options.timeoutMs, options.timeoutMs);

  let current: URL;
  try {
    current = new URL(url);
  } catch {
    return fail("bad_url", "The address is not a valid URL.");
  }

  // Host name → the addresses checked for it on this call. The connector dials only these.
  const pins = new Map<string, ResolvedAddress[]>();
  const connector: buildConnector.connector = (connectOptions, callback) => {
    const host = normaliseHostname(connectOptions.hostname);
    const addresses = pins.get(host);
    if (!addresses) {
      callback(new PinMissingError("no checked address for this host"), null);
      return;
    }
    const https = connectOptions.protocol === "https:";
    connectPinned({
      addresses,
      port: Number(connectOptions.port) || (https ? 443 : 80),
      timeoutMs: connectTimeoutMs,
      signal: deadline,
      tls: https
        ? { servername: net.isIP(host) ? undefined : host, ALPNProtocols: ["http/1.1"], rejectUnauthorized: true, ...(options.ca ? { ca: options.ca } : {}) }
        : undefined,
    }).then(
      (socket) => callback(null, socket),
      (error: Error) => callback(error, null),
    );
  };
  const agent = new Agent({
    connect: connector,
    connections: 2,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    maxResponseSize: options.maxBytes,
  });

  const firstOrigin = current.origin;
  let sendCallerHeaders = true;
  const visited = new Set<string>();
  try {
    for (let hop = 0; ; hop++) {
      visited.add(current.href);
      const problem = await checkHop(current, hop, options, deadline, pins);
      if (problem) return fail(problem.kind, problem.detail);

      const headers: Record<string, string> = { "user-agent": USER_AGENT, ...(sendCallerHeaders ? options.headers : {}) };
      const post = options.method === "POST" && hop === 0;
      const response = await request(current, {
        dispatcher: agent,
        method: post ? "POST" : "GET",
        headers,
        body: post ? options.body : undefined,
        signal: deadline,
      });
      const location = headerValue(response.headers, "location");
      if (REDIRECT_STATUSES.has(response.statusCode) && location) {
        discard(response.body);
        let next: URL;
        try {
          next = new URL(location, current);
        } catch {
          return fail("redirect", "The address redirected to something that is not a valid URL.");
        }
        if (visited.has(next.href)) return fail("redirect", "The address redirects in a loop.");
        if (hop >= maxRedirects) {
          return fail(
            "redirect",
            maxRedirects === 0
              ? `The address answered with a redirect (HTTP ${response.statusCode}) instead of the app itself.`
              : `The address redirected more than ${maxRedirects} time${maxRedirects === 1 ? "" : "s"}. Point the URL at the app itself, not at a redirect.`,
          );
        }
        // Credentials and the caller's headers stay with the origin they were meant for, for good.
        if (next.origin !== firstOrigin) sendCallerHeaders = false;
        current = next;
        continue;
      }

      const declared = Number(headerValue(response.headers, "content-length") ?? "NaN");
      if (Number.isFinite(declared) && declared > options.maxBytes) {
        discard(response.body);
        return fail("too_large", tooLargeDetail(options.maxBytes));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body) {
        const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
        size += buffer.length;
        if (size > options.maxBytes) {
          discard(response.body);
          return fail("too_large", tooLargeDetail(options.maxBytes));
        }
        chunks.push(buffer);
      }
      return {
        ok: true,
        status: response.statusCode,
        headers: flattenHeaders(response.headers),
        body: Buffer.concat(chunks).toString("utf8"),
        timingMs: elapsed(),
        finalUrl: current.href,
      };
    }
  } catch (error) {
    const classified = classifyFetchError(error, deadline, options);
    return fail(classified.kind, classified.detail);
  } finally {
    await agent.destroy().catch(() => undefined);
  }
}

async function checkHop(
  url: URL,
  hop: number,
  options: SafeFetchOptions,
  deadline: AbortSignal,
  pins: Map<string, ResolvedAddress[]>,
): Promise<{ kind: SafeFetchFailureKind; detail: string } | null> {
  const badTarget: SafeFetchFailureKind = hop === 0 ? "bad_url" : "redirect";
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return {
      kind: badTarget,
      detail: hop === 0 ? "Only https:// addresses can be checked." : "The address redirected to something that is not a web address.",
    };
  }
  if (url.username || url.password) {
    return {
      kind: badTarget,
      detail: hop === 0 ? "The address must not contain a user name or password." : "The address redirected to a URL that carries credentials.",
    };
  }
  const httpRefused =
    hop === 0
      ? { kind: "bad_url" as const, detail: "Only https:// addresses can be checked: plain http is allowed only for a local development address." }
      : { kind: "redirect" as const, detail: "The address redirected from https to plain http, which would send the request unencrypted." };
  if (url.protocol === "http:" && !options.policy.allowLoopback) return httpRefused;
  const resolved = await untilDeadline(resolveAndCheck(url.hostname, options.policy, options.resolver ?? systemResolver), deadline);
  if (!resolved.ok) {
    return { kind: resolved.kind, detail: hop === 0 ? resolved.detail : `The address redirected to a host the platform does not call. ${resolved.detail}` };
  }
  if (url.protocol === "http:" && !resolved.addresses.every((answer) => isLoopbackAddress(answer.address))) return httpRefused;
  pins.set(normaliseHostname(url.hostname), resolved.addresses);
  return null;
}

function untilDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** Stop reading a body we do not want; undici reports the abort as an error event we expect. */
function discard(body: Dispatcher.ResponseData["body"]) {
  body.on("error", () => undefined);
  body.destroy();
}

function headerValue(headers: Dispatcher.ResponseData["headers"], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function flattenHeaders(headers: Dispatcher.ResponseData["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

function tooLargeDetail(maxBytes: number) {
  return `The response was larger than ${formatBytes(maxBytes)}, more than this check reads.`;
}

function formatBytes(bytes: number) {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`;
}

function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const { code, name } = current as { code?: unknown; name?: unknown };
    if (typeof code === "string") codes.push(code);
    if (typeof name === "string") codes.push(name);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

const TLS_UNTRUSTED =
  /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_UNTRUSTED|CERT_SIGNATURE_FAILURE|CERT_REJECTED)$/;

export function classifyFetchError(
  error: unknown,
  deadline: AbortSignal,
  options: Pick<SafeFetchOptions, "timeoutMs" | "maxBytes">,
): { kind: SafeFetchFailureKind; detail: string } {
  const codes = errorCodes(error);
  const has = (test: (code: string) => boolean) => codes.some(test);
  const seconds = `${Math.round(options.timeoutMs / 100) / 10} s`;
  if (
    deadline.aborted ||
    has((c) => c === "TimeoutError" || c === "ETIMEDOUT" || c === "UND_ERR_CONNECT_TIMEOUT" || c === "UND_ERR_HEADERS_TIMEOUT" || c === "UND_ERR_BODY_TIMEOUT")
  ) {
    return { kind: "timeout", detail: `The server did not answer within ${seconds}.` };
  }
  if (has((c) => c === "ECONNREFUSED")) {
    return { kind: "refused", detail: "The connection was refused: nothing is listening at this address and port yet." };
  }
  if (has((c) => c === "UND_ERR_RES_EXCEEDED_MAX_SIZE")) return { kind: "too_large", detail: tooLargeDetail(options.maxBytes) };
  if (has((c) => c === "CERT_HAS_EXPIRED")) return { kind: "tls", detail: "The server's TLS certificate has expired. Renew it at your host." };
  if (has((c) => c === "CERT_NOT_YET_VALID"))
    return { kind: "tls", detail: "The server's TLS certificate is not valid yet. Check the server clock and the certificate dates." };
  if (has((c) => c === "ERR_TLS_CERT_ALTNAME_INVALID")) {
    return {
      kind: "tls",
      detail:
        "The server's TLS certificate is for a different host name. Add this domain to your host's custom-domain settings so it issues a certificate for it.",
    };
  }
  if (has((c) => TLS_UNTRUSTED.test(c))) {
    return { kind: "tls", detail: "The server's TLS certificate is not signed by a trusted authority (self-signed or incomplete chain)." };
  }
  if (has((c) => c.startsWith("ERR_TLS") || c.startsWith("ERR_SSL") || c === "EPROTO" || c.startsWith("CERT_") || c.includes("_CERT_"))) {
    return { kind: "tls", detail: "The TLS handshake with the server failed." };
  }
  if (has((c) => c === "ENOTFOUND" || c === "EAI_AGAIN")) return { kind: "dns", detail: "The host name could not be resolved." };
  if (has((c) => c === "PinMissingError")) return { kind: "blocked", detail: "The connection was not to an address that had been checked." };
  if (has((c) => c.startsWith("HPE_"))) return { kind: "network", detail: "The server did not answer with valid HTTP." };
  if (has((c) => c === "EHOSTUNREACH" || c === "ENETUNREACH")) return { kind: "network", detail: "The server's network is unreachable from the platform." };
  return { kind: "network", detail: "The connection was closed before a complete response arrived." };
}
