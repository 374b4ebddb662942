// @ts-check
// An open-loop probe for scripts/bench/load.mjs: requests sent on a fixed schedule, whatever the
// server does, the way a health checker or monitor calls an endpoint.
//
// autocannon's `overallRate` is not pacing: each connection may send its share of a second's
// requests as soon as the second begins (a counter reset once a second), so "1000 req/s" arrives as
// about 1000 requests in the first 100 ms of every second and none in the rest (measured here in
// November 2026). A stall of the server then mostly delays requests that were not sent yet, and a
// percentile of such load describes those bursts, not a steady caller.
//
// Here request i is due at start + i × interval. It is sent when due on a free keep-alive
// connection, or on a new one when every connection is waiting, so a slow answer never delays the
// requests after it; its latency runs from when it was due to the end of its answer, as wrk2
// measures, so a late send by this process counts too and nothing is left out (no
// coordinated omission to correct). One untimed request opens the first connection before the
// schedule starts, so that the probe's own start-up is not counted.
//
// The probe shares the machine's two cores with the server it measures, so its own CPU time is
// taken from the server: node:http's client spent about 0.3 ms of CPU per request at 1000 requests
// a second (measured here in November 2026: more than the server's whole /health answer), a third
// of a core in all. So each connection here writes one prepared GET and reads the answer itself,
// framed by its Content-Length, which /health always sends (an answer without one counts as an
// error): about 0.15 ms per request, most of it the event loop's own wake-ups and system calls.
import { Buffer } from "node:buffer";
import net from "node:net";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { setTimeout } from "node:timers";
import { URL } from "node:url";
import { summariseLoopDelay, wallClockOffset } from "./latency.mjs";

/**
 * How many requests are due by `nowMs`: those whose time (startMs + i × intervalMs) has come, up to
 * `total`.
 * @param {number} startMs
 * @param {number} intervalMs
 * @param {number} nowMs
 * @param {number} total
 */
export function requestsDue(startMs, intervalMs, nowMs, total) {
  if (nowMs < startMs) return 0;
  return Math.min(total, Math.floor((nowMs - startMs) / intervalMs) + 1);
}

/**
 * @param {{ url: string, rate: number, durationS: number, headers?: Record<string, string>, timeoutMs?: number }} job
 * @param {() => void} [onStarted] called when the schedule starts
 * @returns {Promise<{ latenciesMs: number[], dueAtMs: number[], ownLoopDelayMs: { p50: number, p99: number, max: number, samples: number }, sent: number, answered: number, non2xx: number, errors: number, timeouts: number, connections: number, bytes: number, elapsedMs: number }>}
 * `dueAtMs[i]` is when the request answered in `latenciesMs[i]` was due, as a wall-clock time in
 * milliseconds (latency.mjs: wallClockOffset), so that another process can pick out the requests
 * due within a window it timed itself. `ownLoopDelayMs` is this process's own event-loop delay over
 * the run: a stall of the probe itself shows there, not in the server.
 */
export async function runPaced(job, onStarted) {
  const intervalMs = 1000 / job.rate;
  const total = Math.round(job.rate * job.durationS);
  const timeoutMs = job.timeoutMs ?? 10_000;
  const target = new URL(job.url);
  const requestBytes = Buffer.from(
    [
      `GET ${target.pathname}${target.search} HTTP/1.1`,
      `Host: ${target.host}`,
      ...Object.entries(job.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
      "",
      "",
    ].join("\r\n"),
    "latin1",
  );
  const port = Number(target.port) || 80;
  /** @type {ProbeConnection[]} */
  const idle = [];
  let connections = 0;
  const open = () => {
    connections++;
    return new ProbeConnection(target.hostname, port, timeoutMs);
  };
  const first = open();
  await new Promise((resolve, reject) =>
    first.send(requestBytes, (outcome) => (outcome.kind === "answer" ? resolve(undefined) : reject(new Error(`the first request failed: ${outcome.kind}`)))),
  );
  idle.push(first);
  /** @type {number[]} */
  const latenciesMs = [];
  /** @type {number[]} */
  const dueAtMs = [];
  let sent = 0;
  let settled = 0;
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  let bytes = 0;
  const wallOffset = wallClockOffset();
  const ownLoop = monitorEventLoopDelay({ resolution: 1 });
  ownLoop.enable();
  const startMs = performance.now();
  onStarted?.();

  return new Promise((resolve) => {
    const finish = () => {
      if (settled < total) return;
      for (const connection of idle) connection.close();
      ownLoop.disable();
      resolve({
        latenciesMs,
        dueAtMs,
        ownLoopDelayMs: summariseLoopDelay(ownLoop),
        sent,
        answered: latenciesMs.length,
        non2xx,
        errors,
        timeouts,
        connections,
        bytes,
        elapsedMs: performance.now() - startMs,
      });
    };

    /** @param {number} dueMs */
    const send = (dueMs) => {
      let connection = idle.pop();
      // The server may have closed a connection that waited here unused (its keep-alive timeout).
      while (connection?.closed) connection = idle.pop();
      connection ??= open();
      connection.send(requestBytes, (outcome) => {
        if (outcome.kind === "answer") {
          bytes += outcome.bodyBytes;
          if (outcome.status >= 200 && outcome.status < 300) {
            latenciesMs.push(performance.now() - dueMs);
            dueAtMs.push(wallOffset + dueMs);
          } else non2xx++;
          if (outcome.reusable) idle.push(connection);
        } else if (outcome.kind === "timeout") timeouts++;
        else errors++;
        settled++;
        finish();
      });
    };

    const tick = () => {
      const due = requestsDue(startMs, intervalMs, performance.now(), total);
      while (sent < due) send(startMs + sent++ * intervalMs);
      if (sent < total) setTimeout(tick, Math.max(0, startMs + sent * intervalMs - performance.now()));
    };
    tick();
  });
}

/**
 * @typedef {{ kind: "answer", status: number, bodyBytes: number, reusable: boolean } | { kind: "timeout" } | { kind: "error" }} Outcome
 */

const HEADER_END = Buffer.from("\r\n\r\n");

/**
 * One keep-alive connection, one request at a time. An answer is read up to the end of its
 * headers, then for as many body bytes as its Content-Length says.
 */
export class ProbeConnection {
  /** @type {((outcome: Outcome) => void) | null} */
  #waiting = null;
  /** @type {Buffer} */
  #pending = Buffer.alloc(0);
  /** @type {{ status: number, bodyBytes: number, reusable: boolean } | null} */
  #head = null;
  #socket;

  /**
   * @param {string} host
   * @param {number} port
   * @param {number} timeoutMs
   */
  constructor(host, port, timeoutMs) {
    this.#socket = net.connect({ host, port, noDelay: true });
    this.#socket.setTimeout(timeoutMs);
    this.#socket.on("data", (chunk) => this.#read(chunk));
    this.#socket.on("timeout", () => this.#fail({ kind: "timeout" }));
    this.#socket.on("error", () => this.#fail({ kind: "error" }));
    this.#socket.on("close", () => this.#fail({ kind: "error" }));
  }

  /**
   * @param {Buffer} requestBytes
   * @param {(outcome: Outcome) => void} onOutcome
   */
  send(requestBytes, onOutcome) {
    this.#waiting = onOutcome;
    this.#socket.write(requestBytes);
  }

  get closed() {
    return this.#socket.destroyed || this.#socket.readyState === "closed";
  }

  close() {
    this.#waiting = null;
    this.#socket.destroy();
  }

  /** @param {Buffer} chunk */
  #read(chunk) {
    this.#pending = this.#pending.length ? Buffer.concat([this.#pending, chunk]) : chunk;
    if (!this.#head) {
      const end = this.#pending.indexOf(HEADER_END);
      if (end < 0) return;
      const head = this.#pending.toString("latin1", 0, end);
      const length = /\r\ncontent-length:[ \t]*(\d+)/i.exec(head);
      if (!length) return this.#fail({ kind: "error" });
      this.#head = { status: Number(head.slice(9, 12)), bodyBytes: Number(length[1]), reusable: !/\r\nconnection:[ \t]*close/i.test(head) };
      this.#pending = this.#pending.subarray(end + HEADER_END.length);
    }
    if (this.#pending.length < this.#head.bodyBytes) return;
    const answer = this.#head;
    this.#pending = this.#pending.subarray(answer.bodyBytes);
    this.#head = null;
    if (!answer.reusable) this.#socket.end();
    this.#settle({ kind: "answer", ...answer });
  }

  /** @param {Outcome} outcome */
  #fail(outcome) {
    this.#socket.destroy();
    this.#settle(outcome);
  }

  /** @param {Outcome} outcome */
  #settle(outcome) {
    const waiting = this.#waiting;
    this.#waiting = null;
    waiting?.(outcome);
  }
}
