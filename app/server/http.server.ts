import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import path from "node:path";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { closeDatabase, openDatabase } from "~/db/client.server";
import { seedDemo } from "~/workspace/demo-seed.server";
import { loadEnv, type Env } from "~/env.server";
import { bindRequestScope } from "~/http/request-scope.server";
import { createLogger, registerSecretForScrubbing, setLogger } from "~/logger.server";
import { CLIENT_IP_HEADER } from "~/http/client-ip";
import { answerTooLarge, bodyLimitFor, readBodyCapped } from "./body-limit.server";
import { isCrossSiteRequest } from "./csrf.server";
import { sendRemixResponse, toRemixRequest } from "./remix-bridge.server";
import { badRequestTarget } from "./request-target.server";
import { securityHeaders } from "./security-headers.server";
import { acceptConnectionsFirst, takeTurn } from "./turns.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce: string;
    requestId: string;
  }
}

/** Builds the Express app around a Remix build. Exported through entry.server so server.js stays tiny. */
export function createHttpApp(build: ServerBuild, env: Env) {
  const logger = createLogger({ level: env.logLevel });
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", env.trustProxy);

  // Cheapest possible liveness answer: no database, no Remix, no compression. `handler` answers the
  // plain GET /health even before Express; this route catches its variants (/health/, ?query).
  app.get("/health", (_req, res) => answerHealth(res));

  // Everything else that arrives together starts one request per turn of the event loop, so a
  // burst of work is not processed in one go while /health waits behind it (turns.server.ts).
  app.use((_req, _res, next) => void takeTurn().then(() => next()));

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
        { requestId: res.locals.requestId, method: req.method, path: req.originalUrl.split("?")[0], status: res.statusCode, ms: Math.round(performance.now() - started) },
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

  // Bodies are capped before anything parses them: read here up to the cap, else 413 (body-limit.server.ts).
  app.use((req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    readBodyCapped(req, bodyLimitFor(req.path)).then((result) => {
      if (!result.ok) return answerTooLarge(req, res, req.path);
      res.locals.body = result.body;
      next();
    }, next);
  });

  app.use(compression());
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
  // Pages have no file extension: only such paths can be public files, so pages skip the disk lookup.
  const publicFiles = express.static("build/client", { maxAge: "1h" });
  app.use((req, res, next) => (path.extname(req.path) ? publicFiles(req, res, next) : next()));

  // The loaders of one GET share their identity and deploy-state lookups (request-scope.server.ts).
  app.use((req, res, next) => {
    bindRequestScope(req, res);
    next();
  });

  // Remix, given the body read above. (Mounted with `use`, not a `*` route: Express would decode
  // the path as a route parameter and crash on a broken %-escape.)
  const handleRemix = createRequestHandler(build, env.nodeEnv === "production" ? "production" : "development");
  app.use((req, res, next) => {
    const request = toRemixRequest(req, res, res.locals.body as Buffer | undefined);
    if (!request) return void res.status(400).type("text/plain").setHeader("Cache-Control", "no-store").end("The Host header is not valid.");
    handleRemix(request, { cspNonce: res.locals.cspNonce as string, requestId: res.locals.requestId as string })
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
  return { app, handler, logger };
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

/** Start-up: environment, logger, database (migrations), optional demo seed, then listen. */
export async function runServer(build: ServerBuild) {
  let env: Env;
  try {
    env = loadEnv();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  for (const value of [env.sessionSecret, env.encryptionKey.toString("base64"), env.jwtSecret.toString("base64")]) registerSecretForScrubbing(value);
  if (env.database.kind === "postgres") registerSecretForScrubbing(safePassword(env.database.url));
  const { handler, logger } = createHttpApp(build, env);
  setLogger(logger);
  if (env.createdSecretsFile) logger.info({ file: env.createdSecretsFile }, "created ENCRYPTION_KEY, SESSION_SECRET and JWT_SECRET for the embedded database (mode 0600)");

  try {
    await openDatabase(env.database, {
      // Without its database thread the process can only fail requests: exit, so the supervisor
      // (Docker, the host's process manager) starts a healthy one.
      onDatabaseLost: (error) => {
        logger.fatal({ err: error }, "the embedded database stopped");
        process.exit(1);
      },
    });
  } catch (error) {
    logger.fatal({ err: error, database: env.database.kind }, "could not open the database");
    process.exit(1);
  }
  const demo = env.seedDemo ? await seedDemo() : null;

  const server: Server = createServer(handler);
  acceptConnectionsFirst(server);
  server.listen(env.port, env.host, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : env.port;
    const shown = env.appUrl.startsWith("http://localhost") ? `http://localhost:${port}` : env.appUrl;
    logger.info({ url: shown, database: env.database.kind }, "listening");
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
    closeDatabase()
      .catch((error) => logger.error({ err: error }, "closing the database failed"))
      .finally(() => process.exit(0));
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
  return server;
}

function safePassword(url: string) {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return undefined;
  }
}
