import { writeReadableStreamToWritable } from "@remix-run/node";
import type express from "express";

/**
 * Express ↔ Remix, as @remix-run/express does it, except that the request body is the bytes the
 * server has already read under its cap (server/body-limit.ts) instead of the socket stream.
 * Returns null when the Host header cannot form a URL (a 400, not a crash).
 */
export function toRemixRequest(req: express.Request, res: express.Response, body: Buffer | undefined): Request | null {
  // req.hostname follows "trust proxy" but drops the port: take it from the header it came from.
  const port = portOf(req.get("X-Forwarded-Host")) ?? portOf(req.get("Host"));
  let url: URL;
  try {
    url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
  } catch {
    return null;
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  // Loaders and actions are told when the client goes away before the answer was sent.
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(url, { method: req.method, headers, signal: controller.signal, body: hasBody ? new Uint8Array(body ?? []) : undefined });
}

export async function sendRemixResponse(res: express.Response, response: Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

function portOf(host: string | undefined) {
  const port = Number.parseInt(host?.split(":")[1] ?? "", 10);
  return Number.isSafeInteger(port) ? port : undefined;
}
