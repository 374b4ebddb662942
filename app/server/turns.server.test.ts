import { spawn } from "node:child_process";
import http from "node:http";
import net from "node:net";
import { describe, expect, it } from "vitest";
import { acceptConnectionsFirst, takeTurn } from "./turns.server";

const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe("takeTurn", () => {
  it("releases waiters in arrival order", async () => {
    const order: number[] = [];
    await Promise.all(Array.from({ length: 10 }, (_, i) => takeTurn().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("lets a socket be answered between two turns instead of after all of them", async () => {
    // A real loopback socket: its reply is I/O, polled only between loop iterations.
    const server = net.createServer((socket) => socket.end("pong"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    const released: number[] = [];
    let releasedWhenSocketAnswered = -1;
    const answered = new Promise<void>((resolve) => {
      const client = net.connect(port, "127.0.0.1");
      client.on("data", () => {
        releasedWhenSocketAnswered = released.length;
        client.destroy();
        resolve();
      });
    });
    // Each turn does a millisecond of work: without turns, 200 of them would hold the loop for 200 ms.
    const turns = Array.from({ length: 200 }, (_, i) => takeTurn().then(() => (busy(1), released.push(i))));
    await Promise.all([answered, ...turns]);
    server.close();
    expect(released).toHaveLength(200);
    expect(releasedWhenSocketAnswered).toBeGreaterThanOrEqual(0);
    expect(releasedWhenSocketAnswered).toBeLessThan(100);
  });

  it("takes in a burst of new connections before the work their requests wait for", async () => {
    // Like the app: /health is answered at once, every other request waits for its turn and then
    // works for 3 ms. The clients run in a process of their own and connect while this process's
    // loop is held, so that all 31 connections wait in the kernel's accept queue together: 30
    // requests for work, then, 50 ms later, one /health on a new connection, as a health checker
    // sends it. It should not wait for the work of the 30 ahead of it.
    const server = http.createServer((request, response) => {
      if (request.url === "/health") return void response.end("ok");
      void takeTurn().then(() => {
        busy(3);
        response.end("done");
      });
    });
    acceptConnectionsFirst(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    const clients = `
      const http = require("node:http");
      const get = (path) => new Promise((resolve) => http.get({ host: "127.0.0.1", port: ${port}, path, agent: false }, (r) => r.resume().on("end", resolve)));
      let workDone = 0;
      process.stdout.write("connecting\\n");
      const work = Array.from({ length: 30 }, () => get("/work").then(() => workDone++));
      setTimeout(() => get("/health").then(() => process.stdout.write(JSON.stringify({ workBeforeHealth: workDone }) + "\\n")), 50);
      Promise.all(work);`;
    const child = spawn(process.execPath, ["-e", clients], { stdio: ["ignore", "pipe", "inherit"] });
    const lines: string[] = [];
    const result = new Promise<{ workBeforeHealth: number }>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        lines.push(...chunk.toString().split("\n").filter(Boolean));
        if (lines[0] === "connecting" && lines.length === 1) busy(400);
        const outcome = lines.find((line) => line.startsWith("{"));
        if (outcome) resolve(JSON.parse(outcome) as { workBeforeHealth: number });
      });
      child.once("exit", (code) => reject(new Error(`the clients exited with ${code}`)));
    });
    try {
      const { workBeforeHealth } = await result;
      // One connection accepted per loop iteration and one 3 ms piece of work released in each
      // would answer /health after about 30 pieces of work.
      expect(workBeforeHealth).toBeLessThan(5);
    } finally {
      child.kill();
      server.closeAllConnections();
      server.close();
    }
  });
});
