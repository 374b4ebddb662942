import http from "node:http";
import https from "node:https";
import net from "node:net";
import type { AddressInfo } from "node:net";
import type { TestCertificate } from "./certificates";

export type SeenRequest = { method: string; url: string; headers: http.IncomingHttpHeaders };
export type LoopbackServer = {
  port: number;
  /** http(s)://127.0.0.1:port */
  origin: string;
  /** TCP connections accepted so far (before any TLS or HTTP). */
  connections: number;
  /** TCP connections accepted and not yet closed. */
  openConnections: number;
  requests: SeenRequest[];
  close(): Promise<void>;
};

/** An HTTP (or, with a certificate, HTTPS) server on 127.0.0.1 that records what reached it. */
export async function startLoopbackServer(handler: http.RequestListener, certificate?: TestCertificate): Promise<LoopbackServer> {
  const server: http.Server = certificate ? https.createServer({ key: certificate.key, cert: certificate.cert }) : http.createServer();
  const state = { connections: 0, open: 0, requests: [] as SeenRequest[] };
  server.on("connection", (socket: net.Socket) => {
    state.connections += 1;
    state.open += 1;
    socket.once("close", () => (state.open -= 1));
  });
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    state.requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    handler(req, res);
  });
  server.on("tlsClientError", () => undefined);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    origin: `${certificate ? "https" : "http"}://127.0.0.1:${port}`,
    get connections() {
      return state.connections;
    },
    get openConnections() {
      return state.open;
    },
    requests: state.requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * What closing a test server needs: its open sockets ended (a client that keeps a connection would
 * otherwise hold close() up), then the server closed. Call it right after creating the server.
 */
export function closerFor(server: net.Server): () => Promise<void> {
  const sockets = new Set<net.Socket>();
  server.on("connection", (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
  });
  return () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
}

/** A TCP server that accepts connections and never says anything (for timeouts). */
export async function startSilentServer(): Promise<{ port: number; connections: number; close(): Promise<void> }> {
  const state = { connections: 0 };
  const server = net.createServer(() => {
    state.connections += 1;
  });
  const close = closerFor(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get connections() {
      return state.connections;
    },
    close,
  };
}

/** A port on 127.0.0.1 with nothing listening (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
