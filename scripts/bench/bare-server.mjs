// The baseline for scripts/bench.ts: a bare node:http server answering, for each path, the exact
// status, content type, encoding and body bytes the app answered once in the same run.
// Usage: node scripts/bench/bare-server.mjs <port> <responses.json>  → prints "listening".
import { Buffer } from "node:buffer";
import { readFileSync } from "node:fs";
import http from "node:http";
import process from "node:process";

const port = Number(process.argv[2]);
const responses = JSON.parse(readFileSync(process.argv[3], "utf8"));
const table = new Map(
  responses.map((r) => {
    const body = Buffer.from(r.bodyBase64, "base64");
    const headers = { "Content-Type": r.contentType, "Content-Length": String(body.length) };
    if (r.contentEncoding) headers["Content-Encoding"] = r.contentEncoding;
    return [r.path, { status: r.status, headers, body }];
  }),
);

http
  .createServer((req, res) => {
    const entry = table.get(req.url);
    if (!entry) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(entry.status, entry.headers);
    res.end(entry.body);
  })
  .listen(port, "127.0.0.1", () => process.stdout.write("listening\n"));
process.on("SIGTERM", () => process.exit(0));
