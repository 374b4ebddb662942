import net from "node:net";
import tls from "node:tls";
import { resolveAndCheck, systemResolver, type AddressPolicy, type Resolver } from "./address-policy.server";
import { connectPinned } from "./pinned-socket.server";

/**
 * Verification's certificate check: the certificate of the live URL, trusted, matching the host, and its days to
 * expiry. The handshake runs with rejectUnauthorized off so the outcome can be classified; the
 * chain verdict (socket.authorized) and the identity check are read and made here, and the
 * connection is closed before any byte of HTTP is sent.
 */
export type CertificateResult =
  | { ok: true; authorized: true; validTo: string; daysToExpiry: number; issuer: string; subject: string }
  | { ok: false; kind: "blocked" | "dns" | "refused" | "timeout" | "untrusted" | "hostname_mismatch" | "expired" | "not_https"; detail: string };

const DAY_MS = 24 * 60 * 60 * 1000;

export async function inspectCertificate(
  url: string,
  options: { timeoutMs: number; policy: AddressPolicy; resolver?: Resolver; ca?: string | Buffer },
): Promise<CertificateResult> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, kind: "not_https", detail: "The address is not a valid https:// URL." };
  }
  if (parsed.protocol !== "https:") return { ok: false, kind: "not_https", detail: "The address does not use https://, so there is no certificate to check." };

  const deadline = AbortSignal.timeout(options.timeoutMs);
  const timeoutDetail = `The server did not complete a TLS handshake within ${Math.round(options.timeoutMs / 100) / 10} s.`;
  const hostname = parsed.hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  const resolved = await Promise.race([
    resolveAndCheck(hostname, options.policy, options.resolver ?? systemResolver),
    new Promise<null>((resolve) => deadline.addEventListener("abort", () => resolve(null), { once: true })),
  ]);
  if (resolved === null) return { ok: false, kind: "timeout", detail: timeoutDetail };
  if (!resolved.ok) return { ok: false, kind: resolved.kind, detail: resolved.detail };

  let socket: tls.TLSSocket;
  try {
    socket = (await connectPinned({
      addresses: resolved.addresses,
      port: Number(parsed.port) || 443,
      timeoutMs: options.timeoutMs,
      signal: deadline,
      tls: {
        servername: net.isIP(hostname) ? undefined : hostname,
        rejectUnauthorized: false,
        // Identity is checked below, so a mismatch is told apart from an untrusted chain.
        checkServerIdentity: () => undefined,
        ALPNProtocols: ["http/1.1"],
        ...(options.ca ? { ca: options.ca } : {}),
      },
    })) as tls.TLSSocket;
  } catch (error) {
    const code = (error as { code?: unknown; name?: unknown }).code;
    if (deadline.aborted || code === "ETIMEDOUT") return { ok: false, kind: "timeout", detail: timeoutDetail };
    if (code === "ECONNREFUSED")
      return {
        ok: false,
        kind: "refused",
        detail: "The connection to port " + (Number(parsed.port) || 443) + " was refused: nothing is serving https there yet.",
      };
    return { ok: false, kind: "untrusted", detail: "The TLS handshake failed, so the server's certificate could not be read." };
  }

  try {
    const certificate = socket.getPeerCertificate();
    if (!certificate || !certificate.valid_to) return { ok: false, kind: "untrusted", detail: "The server presented no certificate." };
    const validTo = new Date(certificate.valid_to);
    const now = Date.now();
    const authorizationError = socket.authorized ? null : String(socket.authorizationError ?? "");
    if (authorizationError === "CERT_HAS_EXPIRED" || validTo.getTime() <= now) {
      return { ok: false, kind: "expired", detail: `The certificate expired on ${validTo.toISOString().slice(0, 10)}. Renew it at your host.` };
    }
    if (!socket.authorized) {
      return { ok: false, kind: "untrusted", detail: untrustedDetail(authorizationError ?? "") };
    }
    if (tls.checkServerIdentity(hostname, certificate)) {
      return {
        ok: false,
        kind: "hostname_mismatch",
        detail: "The certificate is valid but issued for a different host name. Add this domain at your host so it issues a certificate for it.",
      };
    }
    return {
      ok: true,
      authorized: true,
      validTo: validTo.toISOString(),
      daysToExpiry: Math.floor((validTo.getTime() - now) / DAY_MS),
      issuer: describeName(certificate.issuer),
      subject: describeName(certificate.subject),
    };
  } finally {
    socket.destroy();
  }
}

function untrustedDetail(code: string) {
  if (code === "DEPTH_ZERO_SELF_SIGNED_CERT" || code === "SELF_SIGNED_CERT_IN_CHAIN") {
    return "The certificate is self-signed, so browsers and the verifier do not trust it. Use the certificate your host issues (for example Let's Encrypt).";
  }
  if (code === "UNABLE_TO_VERIFY_LEAF_SIGNATURE" || code === "UNABLE_TO_GET_ISSUER_CERT_LOCALLY" || code === "UNABLE_TO_GET_ISSUER_CERT") {
    return "The certificate chain is incomplete or its issuer is not trusted. Serve the full chain, including intermediate certificates.";
  }
  if (code === "CERT_NOT_YET_VALID") return "The certificate is not valid yet. Check its start date and the server's clock.";
  return "The certificate is not trusted.";
}

/** "Let's Encrypt (R11)" from the certificate's name fields; remote text, so bounded and printable only. */
function describeName(name: tls.Certificate | undefined) {
  if (!name) return "";
  const pick = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? "";
  const clean = (value: string) => value.replace(/[^\p{L}\p{N} .,'&()@_:/-]/gu, "").slice(0, 80);
  const organisation = clean(pick(name.O));
  const common = clean(pick(name.CN));
  if (organisation && common && organisation !== common) return `${organisation} (${common})`;
  return organisation || common;
}
