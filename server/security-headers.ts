import type { IncomingMessage, ServerResponse } from "node:http";
import helmet from "helmet";

type HelmetOptions = NonNullable<Parameters<typeof helmet>[0]>;

/** The response's CSP nonce, which the policy's script-src allows. */
export type NonceOf = (res: ServerResponse) => string;

export function helmetOptions(options: { secureCookies: boolean; nonceOf: NonceOf }): HelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'", (_req, res) => `'nonce-${options.nonceOf(res as ServerResponse)}'`],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
        ...(options.secureCookies ? { "upgrade-insecure-requests": [] } : {}),
      },
    },
    strictTransportSecurity: options.secureCookies ? { maxAge: 63072000, includeSubDomains: true } : false,
    referrerPolicy: { policy: "same-origin" },
    crossOriginEmbedderPolicy: false,
    xFrameOptions: { action: "deny" },
  };
}

const NONCE_PLACEHOLDER = "golive-nonce-placeholder";

/**
 * Helmet decides the security headers, once: at start-up it runs against a response that only
 * records them, with a placeholder where each response's CSP nonce goes. Every response then gets
 * the recorded headers with its own nonce. (Run per request, helmet rebuilds the same policy string
 * and passes through eleven middleware steps: about 4% of a page's server time.)
 */
export function securityHeaders(options: { secureCookies: boolean }): (res: ServerResponse, nonce: string) => void {
  const recorded: [string, string][] = [];
  const recorder = {
    locals: {},
    setHeader(name: string, value: string) {
      recorded.push([name, String(value)]);
    },
    removeHeader() {},
  };
  let failure: unknown;
  helmet(helmetOptions({ ...options, nonceOf: () => NONCE_PLACEHOLDER }))({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    failure = error;
  });
  if (failure) throw failure;

  const fixed = recorded.filter(([, value]) => !value.includes(NONCE_PLACEHOLDER));
  const withNonce = recorded
    .filter(([, value]) => value.includes(NONCE_PLACEHOLDER))
    .map(([name, value]) => [name, ...value.split(NONCE_PLACEHOLDER)] as const);
  if (withNonce.length !== 1 || withNonce[0]!.length !== 3) throw new Error("the Content-Security-Policy must carry the nonce exactly once");
  const [cspName, beforeNonce, afterNonce] = withNonce[0]!;
  return (res, nonce) => {
    for (const [name, value] of fixed) res.setHeader(name, value);
    res.setHeader(cspName, beforeNonce + nonce + afterNonce);
  };
}
