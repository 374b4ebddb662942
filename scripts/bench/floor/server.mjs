// The server of the framework floor and of the reference: Express, compression and Remix's request handler, as the app's
// server has them, and nothing else. Usage: node scripts/bench/floor/server.mjs <port> <build dir>
import path from "node:path";
import process from "node:process";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";

const [port, buildDir] = process.argv.slice(2);
const build = await import(pathToFileURL(path.resolve(buildDir, "server", "index.js")).href);
const app = express();
app.disable("x-powered-by");
app.use(compression());
app.all("*", createRequestHandler({ build, mode: "production" }));
app.listen(Number(port), "127.0.0.1", () => process.stdout.write("listening\n"));
process.on("SIGTERM", () => process.exit(0));
