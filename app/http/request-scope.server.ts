import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * One page is several loaders run at once (dashboard layout, wizard layout, step), and each needs
 * the same signed-in context and deploy state. Within one read-only request (GET or HEAD) they share
 * one lookup instead of repeating it per loader. Writes get no scope: an action changes what the
 * loaders after it must read, so every lookup in a POST goes to the database.
 *
 * Remix hands each loader its own copy of the Request, so the scope travels as a header that only
 * the server sets (any value a client sends is replaced or removed).
 */
export const REQUEST_SCOPE_HEADER = "x-golive-request-scope";

const scopes = new Map<string, Map<string, Promise<unknown>>>();

/** Express middleware step: opens a scope for a GET or HEAD and closes it when the response ends. */
export function bindRequestScope(req: IncomingMessage, res: ServerResponse) {
  delete req.headers[REQUEST_SCOPE_HEADER];
  if (req.method !== "GET" && req.method !== "HEAD") return;
  const id = randomUUID();
  req.headers[REQUEST_SCOPE_HEADER] = id;
  scopes.set(id, new Map());
  res.once("close", () => scopes.delete(id));
}

/** `load()` once per request scope and key; outside a scope (writes, tests) it simply calls `load()`. */
export function memoizeForRequest<T>(request: Request, key: string, load: () => Promise<T>): Promise<T> {
  const id = request.headers.get(REQUEST_SCOPE_HEADER);
  const scope = id ? scopes.get(id) : undefined;
  if (!scope) return load();
  const existing = scope.get(key) as Promise<T> | undefined;
  if (existing) return existing;
  const pending = load();
  scope.set(key, pending);
  return pending;
}
