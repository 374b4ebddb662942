import type { AppLoadContext } from "@remix-run/node";

/**
 * What the HTTP server (server/index.ts) hands every loader and action of one request, through
 * Remix's `getLoadContext`.
 */
declare module "@remix-run/node" {
  interface AppLoadContext {
    /** This response's Content-Security-Policy nonce, for the document's scripts. */
    cspNonce: string;
    /** The id the request's log lines carry. */
    requestId: string;
    /** Reads shared by the loaders of one GET or HEAD (see `memoize`); absent for writes. */
    memo?: Map<string, Promise<unknown>>;
  }
}

/** The load context of one request: a read-only request gets a memo, a write none. */
export function createLoadContext(input: { method: string; cspNonce: string; requestId: string }): AppLoadContext {
  const readOnly = input.method === "GET" || input.method === "HEAD";
  return { cspNonce: input.cspNonce, requestId: input.requestId, memo: readOnly ? new Map() : undefined };
}

/**
 * One page is several loaders run at once (dashboard layout, wizard layout, step), and each needs
 * the same signed-in context and deploy state: within one GET they share one `load()` per key.
 * A write has no memo (an action changes what the loaders after it must read), nor has a caller
 * without a context (tests, scripts): then `load()` simply runs.
 */
export function memoize<T>(context: AppLoadContext | undefined, key: string, load: () => Promise<T>): Promise<T> {
  const memo = context?.memo;
  if (!memo) return load();
  const existing = memo.get(key) as Promise<T> | undefined;
  if (existing) return existing;
  const pending = load();
  memo.set(key, pending);
  return pending;
}
