import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import type { Logger } from "pino";
import type { ViteDevServer } from "vite";
import { CLIENT_IP_HEADER } from "../app/http/client-ip";
import { createLoadContext } from "../app/http/load-context.server";
import type * as AppEntry from "../app/entry.server";
import type { Env } from "../app/env.server";
import { answerTooLarge, bodyLimitFor, readBodyCapped } from "./body-limit";
import { isCrossSiteRequest } from "./csrf";
import { sendRemixResponse, toRemixRequest } from "./remix-bridge";
import { badRequestTarget } from "./request-target";
import { securityHeaders } from "./security-headers";

/**
 * The HTTP server, outside the Remix build. `npm run dev` (NODE_ENV=development) runs this file
 * through tsx with Vite's dev middleware: every request loads the app through Vite, so an edit is
 * live on the next request. Otherwise it runs as the bundle `npm run build` makes of it
 * (build/http/index.js) and serves build/. server.js picks which.
 *
 * The app's environment, logger and database belong to the app: the server asks the build's entry
 * module for them (app/start.server.ts), so there is one copy of each.
 */
type AppBuild = ServerBuild & { entry: { module: typeof AppEntry } };

async function createHttpApp(input: { env: Env; logger: Logger; vite?: ViteDevServer; loadBuild: () => Promise<AppBuild> }) {
  const { env, logger, vite } = input;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", env.trustProxy);

  // Cheapest possible liveness answer: no database, no Remix, no compression. `handler` answers the
  // plain GET /health even before Express; this route catches its variants (/health/, ?query).
  app.get("/health", (_req, res) => answerHealth(res));

  const setSecurityHeaders = securityHeaders({ secureCookies: env.secureCookies });
  app.use((req, res, next) => {
    const cspNonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = cspNonce;
    setSecurityHeaders(res, cspNonce);
    res.locals.requestId = randomUUID();
    // Loaders see the client address through a header only the server can set.
    req.headers[CLIENT_IP_HEADER] = req.ip ?? req.socket.remoteAddress ?? "unknown";
    // Without a trusted proxy, X-Forwarded-Host is whatever the client wrote: Remix would take it
    // for the request's host (its own cross-site check and the port of request.url), so it goes.
    if (env.trustProxy < 1) delete req.headers["x-forwarded-host"];
    const started = performance.now();
    res.on("finish", () => {
      logger.info(
        {
          requestId: res.locals.requestId,
          method: req.method,
          path: req.originalUrl.split("?")[0],
          status: res.statusCode,
          ms: Math.round(performance.now() - started),
        },
        "request",
      );
    });
    next();
  });

  app.use((req, res, next) => {
    const problem = badRequestTarget(req.originalUrl);
    if (!problem) return next();
    res.status(400).setHeader("Cache-Control", "no-store");
    if (problem.data) res.type("application/json").end(JSON.stringify({ error: { code: "bad_request", message: problem.message } }));
    else res.type("text/html").end(minimalPage("Bad request", problem.message));
  });

  app.use((req, res, next) => {
    const crossSite = isCrossSiteRequest({
      method: req.method,
      secFetchSite: req.get("Sec-Fetch-Site"),
      origin: req.get("Origin"),
      host: req.get("Host"),
      forwardedHost: req.get("X-Forwarded-Host"),
      trustProxy: env.trustProxy,
    });
    if (!crossSite) return next();
    logger.warn({ requestId: res.locals.requestId, method: req.method, path: req.path }, "cross-site write refused");
    res.status(403).type("application/json").setHeader("Cache-Control", "no-store");
    res.end(JSON.stringify({ error: { code: "cross_site_request", message: "This request came from another site and was refused." } }));
  });

  // Bodies are capped before anything parses them: read here up to the cap, else 413 (body-limit.ts).
  app.use((req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    readBodyCapped(req, bodyLimitFor(req.path)).then((result) => {
      if (!result.ok) return answerTooLarge(req, res, req.path);
      res.locals.body = result.body;
      next();
    }, next);
  });

  app.use(compression());
  if (vite) {
    // Development: Vite serves the browser's modules and styles from source, with hot reload.
    app.use(vite.middlewares);
  } else {
    app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
    // Pages have no file extension: only such paths can be public files, so pages skip the disk lookup.
    const publicFiles = express.static("build/client", { maxAge: "1h" });
    app.use((req, res, next) => (path.extname(req.path) ? publicFiles(req, res, next) : next()));
  }

  // Remix, given the body read above. (Mounted with `use`, not a `*` route: Express would decode
  // the path as a route parameter and crash on a broken %-escape.) In development the build is
  // asked for on every request, so Vite hands over the edited modules.
  const handleRemix = createRequestHandler(vite ? input.loadBuild : await input.loadBuild(), env.nodeEnv === "production" ? "production" : "development");
  app.use((req, res, next) => {
    const request = toRemixRequest(req, res, res.locals.body as Buffer | undefined);
    if (!request) return void res.status(400).type("text/plain").setHeader("Cache-Control", "no-store").end("The Host header is not valid.");
    const context = createLoadContext({ method: req.method, cspNonce: res.locals.cspNonce as string, requestId: res.locals.requestId as string });
    handleRemix(request, context)
      .then((response) => sendRemixResponse(res, response))
      .catch(next);
  });

  app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    logger.error({ err: error, requestId: res.locals.requestId }, "unhandled error");
    if (!res.headersSent) res.status(500).type("text/plain").end("Something went wrong on our side. Try again in a moment.");
  });

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    if (req.url === "/health" && req.method === "GET") answerHealth(res);
    else app(req, res);
  };
  return handler;
}

function minimalPage(title: string, text: string) {
  const escape = (value: string) => value.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)} · Go-Live</title></head><body><h1>${escape(title)}</h1><p>${escape(text)}</p><p><a href="/dashboard">Go to the dashboard</a></p></body></html>`;
}

const HEALTH_BODY = JSON.stringify({ status: "pass" });
function answerHealth(res: ServerResponse) {
  res.writeHead(200, { "Content-Type": "application/health+json", "Cache-Control": "no-store", "Content-Length": Buffer.byteLength(HEALTH_BODY) });
  res.end(HEALTH_BODY);
}

/** Start-up: the app (environment, database and its migrations, optional demo seed), then listen. */
async function runServer() {
  const server: Server = createServer();
  const vite =
    process.env.NODE_ENV === "development"
      ? await import("vite").then((v) => v.createServer({ server: { middlewareMode: true, hmr: { server } } }))
      : undefined;
  const loadBuild = async () =>
    (vite ? await vite.ssrLoadModule("virtual:remix/server-build") : await import(pathToFileURL(path.resolve("build/server/index.js")).href)) as AppBuild;
  const app = (await loadBuild()).entry.module;

  let env: Env;
  try {
    env = app.appEnv();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const logger = app.appLogger();
  let demo: Awaited<ReturnType<typeof app.startApp>>["demo"];
  try {
    ({ demo } = await app.startApp({
      // Without its database thread the process can only fail requests: exit, so the supervisor
      // (Docker, the host's process manager) starts a healthy one.
      onDatabaseLost: (error) => {
        logger.fatal({ err: error }, "the embedded database stopped");
        process.exit(1);
      },
    }));
  } catch (error) {
    logger.fatal({ err: error, database: env.database.kind }, "could not open the database");
    process.exit(1);
  }

  server.on("request", await createHttpApp({ env, logger, vite, loadBuild }));
  server.listen(env.port, env.host, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : env.port;
    const shown = env.appUrl.startsWith("http://localhost") ? `http://localhost:${port}` : env.appUrl;
    logger.info({ url: shown, database: env.database.kind, mode: vite ? "development" : "production" }, "listening");
    if (demo) {
      process.stdout.write(
        `\nGo-Live is running at ${shown}\n  Sign in at ${shown}/login with any of (password: ${demo.password}):\n` +
          demo.users.map((u) => `    ${u.role.padEnd(6)} ${u.email}`).join("\n") +
          "\n\n",
      );
    }
  });

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, "shutting down");
    server.close(() => undefined);
    server.closeAllConnections?.();
    Promise.all([app.stopApp(), vite?.close()])
      .catch((error) => logger.error({ err: error }, "closing the database failed"))
      .finally(() => process.exit(0));
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
  return server;
}

await runServer();
