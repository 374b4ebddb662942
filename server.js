// Production entry: the Remix build carries the whole server (app/server/http.server.ts).
// DNS lookups (outbound checks) and password hashing share libuv's thread pool; four threads
// let a slow resolver starve sign-in, so the pool is larger unless the operator set it.
process.env.UV_THREADPOOL_SIZE ??= "16";
const build = await import("./build/server/index.js");
await build.entry.module.runServer(build);
