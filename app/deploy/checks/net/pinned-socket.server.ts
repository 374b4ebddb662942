import net from "node:net";
import tls from "node:tls";
import type { ResolvedAddress } from "./address-policy.server";

/**
 * Open a socket to addresses that were already checked, never to a name: the host name is used
 * only as the TLS server name (SNI and certificate identity). Addresses are tried in order, so a
 * host with an IPv6 answer still works from a machine without IPv6.
 */
export type PinnedTlsOptions = Omit<tls.ConnectionOptions, "host" | "port" | "socket" | "lookup" | "path">;

export class ConnectTimeoutError extends Error {
  override name = "ConnectTimeoutError";
  readonly code = "ETIMEDOUT";
  constructor() {
    super("connect timed out");
  }
}

const RETRYABLE = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL", "ETIMEDOUT", "EAFNOSUPPORT"]);

export async function connectPinned(options: {
  addresses: readonly ResolvedAddress[];
  port: number;
  timeoutMs: number;
  tls?: PinnedTlsOptions;
  signal?: AbortSignal;
}): Promise<net.Socket | tls.TLSSocket> {
  let lastError: unknown = new Error("no address to connect to");
  for (const { address } of options.addresses) {
    if (options.signal?.aborted) throw options.signal.reason;
    try {
      return await connectOne(address, options);
    } catch (error) {
      lastError = error;
      const code = (error as { code?: unknown }).code;
      if (typeof code !== "string" || !RETRYABLE.has(code)) break;
    }
  }
  throw lastError;
}

function connectOne(address: string, options: { port: number; timeoutMs: number; tls?: PinnedTlsOptions; signal?: AbortSignal }) {
  return new Promise<net.Socket | tls.TLSSocket>((resolve, reject) => {
    const socket = options.tls ? tls.connect({ ...options.tls, host: address, port: options.port }) : net.connect({ host: address, port: options.port });
    let settled = false;
    const finish = (error: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.off("error", finish);
      options.signal?.removeEventListener("abort", onAbort);
      if (error) {
        socket.destroy();
        reject(error);
      } else {
        resolve(socket);
      }
    };
    const onAbort = () => finish(options.signal?.reason ?? new ConnectTimeoutError());
    const timer = setTimeout(() => finish(new ConnectTimeoutError()), options.timeoutMs);
    options.signal?.addEventListener("abort", onAbort, { once: true });
    socket.once(options.tls ? "secureConnect" : "connect", () => finish(null));
    socket.on("error", finish);
  });
}
