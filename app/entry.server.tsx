import type { ActionFunctionArgs, AppLoadContext, EntryContext, LoaderFunctionArgs } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "./components/nonce";
import { getLogger } from "./logger.server";
import { collectInto } from "./http/collect-document.server";

// The HTTP server (server/index.ts) starts and stops the app through these, so it shares this
// build's environment, logger and database instead of opening copies of its own.
export { appEnv, appLogger, startApp, stopApp } from "./start.server";

const ABORT_DELAY = 5_000;

/**
 * Errors a loader or action did not handle (a database outage, a bug). Remix's default prints the
 * whole error object with console.error, outside the structured logger and its secret scrubbing;
 * here it is logged by kind, scrubbed, with the request id.
 */
export function handleError(error: unknown, { request, context }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (request.signal.aborted) return;
  getLogger().error({ err: error, requestId: context.requestId, method: request.method, path: new URL(request.url).pathname }, "unhandled error");
}

/**
 * Pages defer no data, so the whole document is rendered, then sent in one piece with its length:
 * one compression pass and one socket write instead of a compression flush and a write for every
 * chunk React emits, and small enough that a phone on a slow link gets it in a few round trips.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? "";
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onShellReady() {
          shellRendered = true;
        },
        onAllReady() {
          const body = collectInto((html) => {
            clearTimeout(timer);
            responseHeaders.set("Content-Type", "text/html; charset=utf-8");
            responseHeaders.set("Content-Length", String(html.length));
            if (!responseHeaders.has("Cache-Control")) responseHeaders.set("Cache-Control", "private, no-cache");
            resolve(new Response(html, { headers: responseHeaders, status: responseStatusCode }));
          });
          body.on("error", reject);
          pipe(body);
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error("render error after shell", (error as Error)?.name);
        },
      },
    );
    // React calls back asynchronously (after this line), so the callbacks above always see the timer.
    const timer = setTimeout(abort, ABORT_DELAY);
  });
}
