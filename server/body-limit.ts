import type { IncomingMessage, ServerResponse } from "node:http";
import { MAX_JSON_BODY_BYTES } from "../app/http/api.server";

/**
 * Every request body is capped here, once, before anything parses it: the server reads it into
 * memory only up to the cap and answers 413 past it, whether the size was declared
 * (Content-Length) or the body is chunked. JSON APIs take what readJsonBody takes; page forms are
 * small too (the largest, the database step, carries a URL of at most 4,096 characters, a few KB
 * once form-encoded), so the same 64 KB is generous for them.
 */
export const MAX_FORM_BODY_BYTES = 64 * 1024;

export function bodyLimitFor(path: string) {
  return isApiPath(path) ? MAX_JSON_BODY_BYTES : MAX_FORM_BODY_BYTES;
}

export function isApiPath(path: string) {
  return path === "/api" || path.startsWith("/api/");
}

export type BodyResult = { ok: true; body: Buffer } | { ok: false };

/**
 * Reads the whole body, up to `limit` bytes. Past the limit it stops reading at once (the rest is
 * never buffered) and resolves `{ ok: false }`; the caller answers 413 and closes the connection.
 */
export function readBodyCapped(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ ok: false });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limit) {
        cleanup();
        req.pause();
        resolve({ ok: false });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve({ ok: true, body: Buffer.concat(chunks, size) });
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => onError(new Error("the client closed the request while sending its body"));
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}

/**
 * The 413: JSON in the API's error shape under /api, a short text for pages (the app's error page
 * is rendered by Remix, which this answer comes before). A client still sending its body gets the
 * answer at once; the rest of the body is then read and dropped (never kept) for a little while,
 * and the connection is cut if it has not ended by then. Node would close the socket as soon as
 * the answer is written when the client asked for "Connection: close", and closing a socket that
 * is still receiving resets the connection: the client would lose the answer. So the connection
 * is kept for that moment and closed once the body has been drained.
 */
const DRAIN_MS = 2000;

export function answerTooLarge(req: IncomingMessage, res: ServerResponse, path: string) {
  const limitKb = bodyLimitFor(path) / 1024;
  const api = isApiPath(path);
  const text = api
    ? JSON.stringify({ error: { code: "body_too_large", message: `The body is larger than ${limitKb} KB.` } })
    : `This form is larger than ${limitKb} KB, more than any form here sends. Go back and try again.`;
  const draining = !req.complete;
  const closeAfter = !res.shouldKeepAlive;
  if (draining) res.shouldKeepAlive = true;
  res.writeHead(413, {
    "Content-Type": api ? "application/json" : "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
    "Cache-Control": "no-store",
  });
  res.end(text);
  if (!draining) return;
  const cut = setTimeout(() => req.socket.destroy(), DRAIN_MS);
  cut.unref();
  req.once("end", () => {
    clearTimeout(cut);
    if (closeAfter) req.socket.end();
  });
  req.once("close", () => clearTimeout(cut));
  req.resume();
}
