import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { percentile } from "./latency.mjs";
import { ProbeConnection, requestsDue, runPaced } from "./paced.mjs";

describe("requestsDue", () => {
  it("counts the requests whose time has come, the first at the start", () => {
    expect(requestsDue(100, 1, 99.9, 50)).toBe(0);
    expect(requestsDue(100, 1, 100, 50)).toBe(1);
    expect(requestsDue(100, 1, 104.5, 50)).toBe(5);
    expect(requestsDue(100, 4, 112, 50)).toBe(4);
  });

  it("never exceeds the total", () => {
    expect(requestsDue(0, 1, 10_000, 50)).toBe(50);
  });
});

/**
 * A /health server in a process of its own, so that a stall of either side cannot hold the other:
 * it answers at once, except that its event loop is blocked for `stallMs` when request `stallAt`
 * arrives.
 */
async function serveInChild(stallAt: number, stallMs: number) {
  const source = `
    const http = require("node:http");
    let count = 0;
    const server = http.createServer((request, response) => {
      if (++count === ${stallAt}) { const until = performance.now() + ${stallMs}; while (performance.now() < until); }
      response.writeHead(200, { "Content-Length": 17 }).end('{"status":"pass"}');
    });
    server.listen(0, "127.0.0.1", () => process.stdout.write(server.address().port + "\\n"));`;
  const child = spawn(process.execPath, ["-e", source], { stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once("exit", (code) => reject(new Error(`the test server exited with ${code}`)));
  });
  return `http://127.0.0.1:${port}/health`;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});

describe("runPaced against a loopback server", () => {
  it("sends at the rate asked, every request answered", async () => {
    const url = await serveInChild(0, 0);
    const before = Date.now();
    const run = await runPaced({ url, rate: 500, durationS: 0.4 });
    const after = Date.now();
    expect(run.sent).toBe(200);
    // Each answer carries when it was due, on the wall clock: 2 ms apart, within the run.
    const due = [...run.dueAtMs].sort((a, b) => a - b);
    expect(due).toHaveLength(200);
    expect(due[0]).toBeGreaterThanOrEqual(before - 1);
    expect(due.at(-1)).toBeLessThanOrEqual(after + 1);
    expect(due.at(-1)! - due[0]!).toBeCloseTo(398, 5);
    expect(run.answered).toBe(200);
    expect(run.errors + run.non2xx).toBe(0);
    // 200 requests 2 ms apart take about 0.4 s, not the moment a closed loop would need.
    expect(run.elapsedMs).toBeGreaterThan(390);
    expect(run.bytes).toBe(200 * '{"status":"pass"}'.length);
  });

  it("sends every request on the connection its untimed first request opened, when answers come before the next is due, and closes it", async () => {
    let opened = 0;
    const server = http.createServer((_request, response) => response.writeHead(200, { "Content-Length": 17 }).end('{"status":"pass"}'));
    server.on("connection", () => opened++);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as net.AddressInfo;
      const run = await runPaced({ url: `http://127.0.0.1:${port}/health`, rate: 20, durationS: 0.5 });
      expect(run.answered).toBe(10);
      expect(opened).toBe(1);
      expect(run.connections).toBe(1);
      await expect.poll(() => new Promise((resolve) => server.getConnections((_error, count) => resolve(count)))).toBe(0);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it("goes on sending while the server stalls, on new connections, and each request waits for the stall", async () => {
    const url = await serveInChild(50, 80);
    const run = await runPaced({ url, rate: 1000, durationS: 0.3 });
    expect(run.answered).toBe(300);
    // The requests due during the 80 ms stall were sent on time, each on a connection of its own
    // as the others were waiting, and waited for the stall: a closed loop on 4 connections would
    // have sent 4 of them.
    expect(run.connections).toBeGreaterThan(40);
    expect(run.latenciesMs.filter((ms) => ms > 30).length).toBeGreaterThanOrEqual(40);
    // The slow answers are those due during the stall: within about 80 ms of one another.
    const slowDue = run.dueAtMs.filter((_, i) => run.latenciesMs[i]! > 30);
    expect(Math.max(...slowDue) - Math.min(...slowDue)).toBeLessThan(120);
    // The stall was the server's: the probe's own event loop kept turning.
    expect(run.ownLoopDelayMs.max).toBeLessThan(40);
  });

  it("times each request from when it was due, so its own late sends count too", async () => {
    const url = await serveInChild(0, 0);
    // This process (the probe's) is blocked for 80 ms, 50 ms in: the server is idle throughout.
    const block = setTimeout(() => {
      const until = performance.now() + 80;
      while (performance.now() < until);
    }, 50);
    const run = await runPaced({ url, rate: 1000, durationS: 0.3 });
    clearTimeout(block);
    expect(run.answered).toBe(300);
    expect(run.latenciesMs.filter((ms) => ms > 30).length).toBeGreaterThanOrEqual(40);
    expect(percentile(Float64Array.from(run.latenciesMs).sort(), 1)).toBeGreaterThanOrEqual(70);
    expect(run.ownLoopDelayMs.max).toBeGreaterThanOrEqual(70);
  });
});

describe("ProbeConnection", () => {
  /** A raw server that answers each request with `answer(n)`, written in the pieces it returns. */
  async function rawServer(answer: (n: number) => string[]) {
    let count = 0;
    const sockets = new Set<net.Socket>();
    const server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on("data", async () => {
        for (const piece of answer(++count)) {
          socket.write(piece);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    servers.push(() => {
      for (const socket of sockets) socket.destroy();
      server.close();
    });
    return port;
  }
  const servers: (() => void)[] = [];
  afterEach(() => {
    for (const close of servers.splice(0)) close();
  });
  const request = Buffer.from("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
  const send = (connection: ProbeConnection) => new Promise((resolve) => connection.send(request, resolve));

  it("reads answers split anywhere, one after another on the same connection", async () => {
    const port = await rawServer((n) =>
      n === 1
        ? ["HTTP/1.1 200 OK\r\nConte", "nt-Length: 17\r\n\r", '\n{"status"', ':"pass"}']
        : ["HTTP/1.1 503 Service Unavailable\r\ncontent-length: 2\r\n\r\nno"],
    );
    const connection = new ProbeConnection("127.0.0.1", port, 2000);
    expect(await send(connection)).toEqual({ kind: "answer", status: 200, bodyBytes: 17, reusable: true });
    expect(await send(connection)).toEqual({ kind: "answer", status: 503, bodyBytes: 2, reusable: true });
    connection.close();
  });

  it("does not reuse a connection the server closes, and refuses an answer it cannot frame", async () => {
    const port = await rawServer((n) =>
      n === 1
        ? ["HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"]
        : ["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"],
    );
    const closing = new ProbeConnection("127.0.0.1", port, 2000);
    expect(await send(closing)).toEqual({ kind: "answer", status: 200, bodyBytes: 2, reusable: false });
    const chunked = new ProbeConnection("127.0.0.1", port, 2000);
    expect(await send(chunked)).toEqual({ kind: "error" });
    expect(chunked.closed).toBe(true);
  });

  it("times out a request that gets no answer", async () => {
    const port = await rawServer(() => []);
    const connection = new ProbeConnection("127.0.0.1", port, 100);
    expect(await send(connection)).toEqual({ kind: "timeout" });
  });
});
