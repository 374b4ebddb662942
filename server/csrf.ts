/**
 * Cross-site request refusal for every state-changing request, in one place (the HTTP server).
 * Browsers send Sec-Fetch-Site (and Origin) on form posts and fetches; a request from another
 * site is refused whatever its cookies say. Clients that send neither (curl, scripts) cannot
 * ride a browser's cookies and authenticate with bearer tokens.
 */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The Origin must name the host the request was sent to: Host, or X-Forwarded-Host's first value
 * when the operator says a proxy stands in front (TRUST_PROXY ≥ 1). Without a trusted proxy that
 * header is whatever the client wrote, so it is ignored (and the HTTP server drops it before Remix
 * sees it). Remix applies the same rule to every form action by throwing (a 500), so this check
 * answers it first, with a 403 that says why. A proxy that rewrites Host without setting
 * X-Forwarded-Host fails here (DEPLOY.md says so).
 */
export function isCrossSiteRequest(input: {
  method: string;
  secFetchSite?: string;
  origin?: string;
  host?: string;
  forwardedHost?: string;
  trustProxy: number;
}) {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return false;
  if (input.secFetchSite && !(input.secFetchSite === "same-origin" || input.secFetchSite === "none")) return true;
  // "Origin: null" comes from sandboxed frames and privacy redirects: never trusted for a write.
  if (input.origin === "null") return true;
  if (!input.origin) return false;
  const forwardedHost = input.trustProxy >= 1 ? input.forwardedHost?.split(",")[0]?.trim() : undefined;
  const requestHost = forwardedHost || input.host;
  return !requestHost || originHost(input.origin) !== requestHost;
}

function originHost(origin: string) {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}
