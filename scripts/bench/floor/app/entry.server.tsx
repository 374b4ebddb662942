import { Writable } from "node:stream";
import type { EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";

/** The app's way of rendering (app/entry.server.tsx): the whole document, then one response. */
export default function handleRequest(request: Request, status: number, headers: Headers, remixContext: EntryContext) {
  return new Promise<Response>((resolve, reject) => {
    const { pipe } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} />, {
      onAllReady() {
        const chunks: Buffer[] = [];
        pipe(
          new Writable({
            write(chunk: Buffer, _encoding, callback) {
              chunks.push(chunk);
              callback();
            },
            final(callback) {
              const html = Buffer.concat(chunks);
              headers.set("Content-Type", "text/html; charset=utf-8");
              headers.set("Content-Length", String(html.length));
              resolve(new Response(html, { headers, status }));
              callback();
            },
          }),
        );
      },
      onShellError: reject,
    });
  });
}
