import net from "node:net";
import { describe, expect, it } from "vitest";
import { takeTurn } from "./turns.server";

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
    const busy = (ms: number) => {
      const until = performance.now() + ms;
      while (performance.now() < until);
    };
    const turns = Array.from({ length: 200 }, (_, i) => takeTurn().then(() => (busy(1), released.push(i))));
    await Promise.all([answered, ...turns]);
    server.close();
    expect(released).toHaveLength(200);
    expect(releasedWhenSocketAnswered).toBeGreaterThanOrEqual(0);
    expect(releasedWhenSocketAnswered).toBeLessThan(100);
  });
});
