import type { EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { collectInto } from "../../../../app/http/collect-document.server";

/** The app's way of rendering (app/entry.server.tsx): the whole document, then one response. */
export default function handleRequest(request: Request, status: number, headers: Headers, remixContext: EntryContext) {
  return new Promise<Response>((resolve, reject) => {
    const { pipe } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} />, {
      onAllReady() {
        const body = collectInto((html) => {
          headers.set("Content-Type", "text/html; charset=utf-8");
          headers.set("Content-Length", String(html.length));
          resolve(new Response(html, { headers, status }));
        });
        body.on("error", reject);
        pipe(body);
      },
      onShellError: reject,
    });
  });
}
