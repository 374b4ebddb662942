/**
 * Cross-site request refusal for every state-changing request, in one place (the HTTP server).
 * Browsers send Sec-Fetch-Site (and Origin) on form posts and fetches; a request from another
 * site is refused whatever its cookies say. Clients that send neither (curl, scripts) cannot
 * ride a browser's cookies and authenticate with bearer tokens.
 */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The Origin must name the host the request was sent to: X-Forwarded-Host's first value when a
 * proxy sets it, else Host. That is the rule Remix applies to every form action, by throwing (a
 * 500), so this check answers it first, with a 403 that says why. A proxy that rewrites Host
 * without setting X-Forwarded-Host fails here (DEPLOY.md says so).
 */
export function isCrossSiteRequest(input: { method: string; secFetchSite?: string; origin?: string; host?: string; forwardedHost?: string }) {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return false;
  if (input.secFetchSite && !(input.secFetchSite === "same-origin" || input.secFetchSite === "none")) return true;
  // "Origin: null" comes from sandboxed frames and privacy redirects: never trusted for a write.
  if (input.origin === "null") return true;
  if (!input.origin) return false;
  const requestHost = input.forwardedHost?.split(",")[0]?.trim() || input.host;
  return !requestHost || originHost(input.origin) !== requestHost;
}

function originHost(origin: string) {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}
