// Production entry: the Remix build carries the whole server (app/server/http.server.ts).
const build = await import("./build/server/index.js");
await build.entry.module.runServer(build);
