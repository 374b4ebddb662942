// @ts-check
// The loopback farm of npm run bench -- --farm (scripts/bench/farm.ts): one process answering as
// every workspace's live instance at once. Workspace i's app URL is http://127.0.X.Y:PORT (one
// address per workspace, see farmAddress); the server listens on all of 127.0.0.0/8 through
// 0.0.0.0 and tells the workspaces apart by the address a connection came to. Each answers /health,
// /ready and /api/dashboard/stats as a healthy Go-Live instance serving that workspace does (the
// identity that step G's stats check reads: APP_URL, mode, workspace, ENCRYPTION_KEY fingerprint),
// and counts the calls. Started with fork(): the bench reads the counts and starts an outage over
// IPC. Plain JavaScript, so Node runs it as it is.
import { Buffer } from "node:buffer";
import http from "node:http";
import process from "node:process";
import { fileURLToPath } from "node:url";

/** The fingerprint every farm workspace's ENCRYPTION_KEY has (seeded in DeployConfig, reported by the farm). */
export const FARM_FINGERPRINT = "farm-encryption-key-fingerprint";

/** 127.0.X.Y for workspace i: X from 1, Y from 1 to 254 (never .0, .255 or 127.0.0.1). */
export function farmAddress(/** @type {number} */ i) {
  return `127.0.${1 + Math.floor(i / 254)}.${1 + (i % 254)}`;
}

/** The workspace answering at an address, or -1. */
export function farmIndex(/** @type {string} */ address) {
  const match = /^(?:::ffff:)?127\.0\.(\d+)\.(\d+)$/.exec(address);
  if (!match) return -1;
  const [x, y] = [Number(match[1]), Number(match[2])];
  return x >= 1 && y >= 1 && y <= 254 ? (x - 1) * 254 + (y - 1) : -1;
}

/** The seeded workspace id of workspace i (25 characters, like the app's cuids). */
export function farmTenantId(/** @type {number} */ i) {
  return `cfarm${String(i).padStart(20, "0")}`;
}

function serve(/** @type {number} */ port) {
  /** @type {Record<string, Record<number, number>>} */
  let calls = { health: {}, ready: {}, stats: {}, dropped: {} };
  /** @type {Set<number>} */
  let down = new Set();
  let downUntil = 0;
  const count = (/** @type {string} */ kind, /** @type {number} */ index) => {
    const table = calls[kind];
    if (table) table[index] = (table[index] ?? 0) + 1;
  };
  const json = (/** @type {http.ServerResponse} */ res, /** @type {unknown} */ body) => {
    const text = JSON.stringify(body);
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  };
  const server = http.createServer((req, res) => {
    const address = req.socket.localAddress ?? "";
    const index = farmIndex(address);
    if (index < 0) {
      res.writeHead(404).end();
      return;
    }
    const pathname = (req.url ?? "/").split("?")[0];
    if (pathname === "/health") {
      count("health", index);
      json(res, { status: "pass" });
    } else if (pathname === "/ready") {
      count("ready", index);
      json(res, { status: "pass", checks: {} });
    } else if (pathname === "/api/dashboard/stats") {
      count("stats", index);
      json(res, {
        appUrl: `http://${farmAddress(index)}:${port}`,
        encryptionKeyFingerprint: FARM_FINGERPRINT,
        mode: "instance",
        workspace: { id: farmTenantId(index) },
        moduleKeys: {},
      });
    } else {
      res.writeHead(404).end();
    }
  });
  // The outage: an address that is down drops every connection as it comes (the app stopped).
  server.on("connection", (socket) => {
    const index = farmIndex(socket.localAddress ?? "");
    if (Date.now() < downUntil && down.has(index)) {
      count("dropped", index);
      socket.destroy();
    }
  });
  process.on("message", (/** @type {any} */ message) => {
    if (message?.type === "counts") {
      process.send?.({ type: "counts", calls, cpu: process.cpuUsage() });
      if (message.reset) calls = { health: {}, ready: {}, stats: {}, dropped: {} };
    } else if (message?.type === "down") {
      down = new Set(message.indexes);
      downUntil = Date.now() + message.ms;
      process.send?.({ type: "down" });
    }
  });
  server.keepAliveTimeout = 5_000;
  server.listen(port, "0.0.0.0", () => process.stdout.write("listening\n"));
  process.on("disconnect", () => process.exit(0));
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) serve(Number(process.argv[2]));
