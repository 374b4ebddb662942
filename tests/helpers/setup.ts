import net from "node:net";
import { afterEach, beforeEach, vi } from "vitest";

/**
 * Tripwire: tests may open sockets to loopback only. Code that must refuse private or public
 * addresses is tested through its decision function and an injected resolver, never by traffic.
 */
const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function patchedConnect(this: net.Socket, ...args: unknown[]) {
  const first = args[0] as { host?: string; path?: string } | number | string | undefined;
  const host = typeof first === "object" && first !== null ? first.host : typeof args[1] === "string" ? args[1] : undefined;
  const isPath = typeof first === "object" && first !== null && typeof first.path === "string";
  if (!isPath && host && !isLoopback(host)) {
    throw new Error(`Test tripwire: refused a socket to non-loopback address ${host}`);
  }
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;

function isLoopback(host: string) {
  const bare = host.replace(/^\[|\]$/g, "");
  return bare === "localhost" || bare === "::1" || /^127\./.test(bare) || /^::ffff:127\./i.test(bare);
}

/** console.error fails the test unless the test says it expects one (vi.spyOn(console, "error")). */
let errorSpy: ReturnType<typeof vi.spyOn> | undefined;
beforeEach(() => {
  errorSpy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    throw new Error(`console.error during test: ${args.map(String).join(" ")}`);
  });
});
afterEach(() => {
  errorSpy?.mockRestore();
});
