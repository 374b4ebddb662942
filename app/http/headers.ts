/**
 * Remix builds a page's response headers only from the routes' `headers` exports: a header that an
 * action's `data()` or a thrown Response sets is dropped unless a `headers` function returns it.
 * These are the ones the client must see on a page response as well as on an API one.
 */
const KEPT = ["Retry-After"] as const;

export function keepClientHeaders(...sources: (Headers | undefined)[]): Headers {
  const out = new Headers();
  for (const name of KEPT) {
    const value = sources.find((headers) => headers?.has(name))?.get(name);
    if (value) out.set(name, value);
  }
  return out;
}
