/**
 * Cross-site request refusal for every state-changing request, in one place (the HTTP server).
 * Browsers send Sec-Fetch-Site (and Origin) on form posts and fetches; a request from another
 * site is refused whatever its cookies say. Clients that send neither (curl, scripts) cannot
 * ride a browser's cookies and authenticate with bearer tokens.
 */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isCrossSiteRequest(input: { method: string; secFetchSite?: string; origin?: string; host?: string; appUrl: string }) {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return false;
  if (input.secFetchSite) return !(input.secFetchSite === "same-origin" || input.secFetchSite === "none");
  if (input.origin && input.origin !== "null") {
    const allowed = new Set([input.appUrl.replace(/\/+$/, "")]);
    if (input.host) {
      allowed.add(`http://${input.host}`);
      allowed.add(`https://${input.host}`);
    }
    return !allowed.has(input.origin);
  }
  // "Origin: null" comes from sandboxed frames and privacy redirects: never trusted for a write.
  return input.origin === "null";
}
