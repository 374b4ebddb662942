// The one entry: `npm run dev` (NODE_ENV=development) runs server/index.ts through tsx, with Vite;
// anything else (`npm start`, `node server.js`, the Docker image) runs the bundle `npm run build`
// made of the same file, which serves build/.
// DNS lookups (outbound checks) and password hashing share libuv's thread pool; four threads
// let a slow resolver starve sign-in, so the pool is larger unless the operator set it.
process.env.UV_THREADPOOL_SIZE ??= "16";
if (process.env.NODE_ENV === "development") {
  const { register } = await import("tsx/esm/api");
  register();
  await import("./server/index.ts");
} else {
  await import("./build/http/index.js");
}
