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
 */
const waiting: (() => void)[] = [];
let scheduled = false;

function releaseOne() {
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
