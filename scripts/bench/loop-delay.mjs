// @ts-check
// Preloaded into the app server by scripts/bench.ts (node --import), never by the app itself: the
// server's own view of starvation, to set beside what the /health probe sees from outside.
// monitorEventLoopDelay runs a 1 ms timer on the event loop and records the time between two of
// its turns (so 1 ms at the least): whatever held the loop (a request, a database reply, garbage
// collection) shows there, while a wait outside the server (the client's, the kernel's) does not.
// Each SIGUSR2 appends one JSON line with the delays since the previous one to
// BENCH_LOOP_DELAY_FILE (the first only starts the recording).
import fs from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import process from "node:process";
import { summariseLoopDelay } from "./latency.mjs";

const file = process.env.BENCH_LOOP_DELAY_FILE;
if (file) {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  let recording = false;
  process.on("SIGUSR2", () => {
    if (recording) fs.appendFileSync(file, JSON.stringify(summariseLoopDelay(histogram)) + "\n");
    histogram.reset();
    histogram.enable();
    recording = true;
  });
}
