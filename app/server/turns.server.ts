import type { Server } from "node:net";

/**
 * Turns of the event loop, handed out one at a time.
 *
 * Node runs every callback that is ready in one phase of its loop before it looks at sockets again:
 * fifty requests arriving together, or fifty database replies arriving together, are processed
 * back to back, each until its next wait, while a /health request that
 * arrived meanwhile waits for all of them. Work that goes through `takeTurn()` is released one
 * piece per loop iteration, in arrival order, so sockets are polled between any two pieces.
 * Used where work arrives in bursts: a request's start and each database reply
 * (app/db/taking-turns.server.ts, for PostgreSQL and the embedded database alike).
 *
 * New connections come first. libuv accepts one connection per loop iteration (since 1.45,
 * libuv/libuv#3696), so when fifty clients connect at once, a piece of work released in each
 * iteration would ration new connections to one per piece: a health checker that opens a
 * connection per check then waits behind all of them (measured with `npm run bench`: 150–250 ms
 * while no event-loop turn took longer than 25 ms). For a server passed to
 * `acceptConnectionsFirst`, an iteration that accepted a connection releases no piece, up to
 * MAX_ACCEPTS_BEFORE_WORK iterations in a row, so a burst of connections is taken in within a few
 * milliseconds and steady connection churn still lets work through.
 */
const MAX_ACCEPTS_BEFORE_WORK = 32;

const waiting: (() => void)[] = [];
let scheduled = false;
let acceptedSinceLastPiece = false;
let piecesHeldBack = 0;

function releaseOne() {
  if (acceptedSinceLastPiece && piecesHeldBack < MAX_ACCEPTS_BEFORE_WORK) {
    // Another connection may be waiting to be accepted: let the next poll phase take it first.
    acceptedSinceLastPiece = false;
    piecesHeldBack++;
    setImmediate(releaseOne);
    return;
  }
  acceptedSinceLastPiece = false;
  piecesHeldBack = 0;
  const next = waiting.shift();
  // Scheduled before `next` runs: an immediate added while immediates run waits for the next
  // iteration, after the poll phase, which is the point.
  scheduled = waiting.length > 0;
  if (scheduled) setImmediate(releaseOne);
  next?.();
}

/** Resolves on a later turn of the event loop, after every earlier caller's turn. */
export function takeTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!scheduled) {
      scheduled = true;
      setImmediate(releaseOne);
    }
  });
}

/** Gives the server's new connections precedence over pieces of work waiting for their turn. */
export function acceptConnectionsFirst(server: Server) {
  server.on("connection", () => {
    acceptedSinceLastPiece = true;
  });
}
