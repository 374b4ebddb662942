import { isApiPath } from "./body-limit";

/**
 * Request addresses no page or API can mean, refused with a 400 before any route sees them:
 *
 * - a path that is not valid percent-encoding (`/api/tokens/%E0%A4%A`): nothing can decode it;
 * - a path that decodes to a control character (`/api/tokens/%00`): no id, slug or page name
 *   has one, and PostgreSQL refuses a NUL in text, so a route parameter carrying one would fail
 *   in the database instead of answering "not found";
 * - a `_data` query parameter: the old Remix data-request protocol. This app's client uses
 *   `.data` addresses (single fetch) and never sends it; Remix still answers it, logging an error,
 *   and crashes on a route without a loader.
 *
 * Returns what is wrong, in words for the answer, and whether the client expects data (JSON), or
 * null when the address is fine.
 */
export function badRequestTarget(url: string): { message: string; data: boolean } | null {
  const queryAt = url.indexOf("?");
  const rawPath = queryAt === -1 ? url : url.slice(0, queryAt);
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return { message: "The address is not valid: it has a broken %-escape.", data: isApiPath(rawPath) };
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) return { message: "The address is not valid: it contains a control character.", data: isApiPath(path) };
  if (queryAt !== -1 && new URLSearchParams(url.slice(queryAt + 1)).has("_data")) {
    return { message: "This address does not answer ?_data requests.", data: true };
  }
  return null;
}
