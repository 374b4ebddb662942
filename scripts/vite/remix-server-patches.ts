import type { Plugin } from "vite";

/**
 * Remix 2 rebuilds its route tables on every request. For one page of this app (36 routes) the
 * server matches the URL against the whole tree three times (Remix's request handler, the static
 * handler, React Router again inside the render), and each match first flattens and ranks every
 * route and compiles each route's path into a regular expression; the render also rebuilds the
 * React route objects and their data-route copies. The inputs never change while a build runs, so
 * in the server bundle these tables are built once per route tree and reused:
 *
 * - @remix-run/router: the ranked branches of a route array, and each compiled path pattern;
 * - react-router-dom/server: the data routes createStaticRouter derives from a route array;
 * - @remix-run/react: the route objects RemixServer derives from the build's manifest.
 *
 * Two more pieces of per-request work whose result is known in advance are skipped:
 *
 * - @remix-run/server-runtime copies the Request twice for every loader, to strip its `index` and
 *   `_routes` search parameters; a request with no query string and no body has neither, and its
 *   loaders get it as it is;
 * - react-router serialises the current route matches to JSON (and parses them back) for every
 *   link, form and `useResolvedPath` call; an absolute path resolves to itself whatever the matches
 *   are, so for those the JSON is left out.
 *
 * Everything else is unchanged: the same functions run on the same (cached) tables, and the tests
 * compare the patched code's results with the original's. To apply the patches, the server build
 * bundles these packages instead of loading them from node_modules (`ssr.noExternal`), which also
 * lets the bundler use their ES module builds. Each patch names the exact text it replaces; when
 * an upgrade changes that text the build fails here rather than silently serving the slower path.
 */
export const BUNDLED_FOR_THE_SERVER = [
  "@remix-run/router",
  "react-router",
  "react-router-dom",
  "@remix-run/react",
  "@remix-run/server-runtime",
  "@remix-run/node",
  "@remix-run/express",
];

type Patch = { file: RegExp; replace: { find: string; with: string }[]; append: string };

export const PATCHES: Patch[] = [
  {
    file: /node_modules\/@remix-run\/router\/dist\/router\.js$/,
    replace: [
      { find: "  let branches = flattenRoutes(routes);\n  rankRouteBranches(branches);\n", with: "  let branches = rankedBranchesOf(routes);\n" },
      { find: "function compilePath(path, caseSensitive, end) {", with: "function compilePathUncached(path, caseSensitive, end) {" },
    ],
    append: `
const rankedBranchesByRoutes = new WeakMap();
function rankedBranchesOf(routes) {
  let branches = rankedBranchesByRoutes.get(routes);
  if (!branches) {
    branches = flattenRoutes(routes);
    rankRouteBranches(branches);
    rankedBranchesByRoutes.set(routes, branches);
  }
  return branches;
}
const compiledPaths = new Map();
function compilePath(path, caseSensitive, end) {
  let key = (caseSensitive ? "1" : "0") + (end === undefined || end ? "1" : "0") + path;
  let compiled = compiledPaths.get(key);
  if (!compiled) {
    compiled = compilePathUncached(path, caseSensitive, end);
    // Patterns come from route definitions and code, not from requests; the cap only guards
    // against a caller that builds patterns from input.
    if (compiledPaths.size < 1000) compiledPaths.set(key, compiled);
  }
  return compiled;
}
`,
  },
  {
    file: /node_modules\/react-router-dom\/server\.mjs$/,
    replace: [
      {
        find: "  let manifest = {};\n  let dataRoutes = UNSAFE_convertRoutesToDataRoutes(routes, UNSAFE_mapRouteProperties, undefined, manifest);\n",
        with: "  let { manifest, dataRoutes } = staticDataRoutesOf(routes);\n",
      },
    ],
    append: `
const staticDataRoutesByRoutes = new WeakMap();
function staticDataRoutesOf(routes) {
  let converted = staticDataRoutesByRoutes.get(routes);
  if (!converted) {
    let manifest = {};
    let dataRoutes = UNSAFE_convertRoutesToDataRoutes(routes, UNSAFE_mapRouteProperties, undefined, manifest);
    converted = { manifest, dataRoutes };
    staticDataRoutesByRoutes.set(routes, converted);
  }
  return converted;
}
`,
  },
  {
    file: /node_modules\/@remix-run\/react\/dist\/esm\/server\.js$/,
    replace: [
      {
        find: "  let routes = createServerRoutes(manifest.routes, routeModules, context.future, context.isSpaMode);\n",
        with: "  let routes = serverRoutesOf(manifest, routeModules, context.future, context.isSpaMode);\n",
      },
    ],
    // The route modules object is made anew for each request, but from the build's modules, which
    // are the same for as long as the build's manifest is: the manifest is the key.
    append: `
const serverRoutesByManifest = new WeakMap();
function serverRoutesOf(manifest, routeModules, future, isSpaMode) {
  let routes = serverRoutesByManifest.get(manifest.routes);
  if (!routes) {
    routes = createServerRoutes(manifest.routes, routeModules, future, isSpaMode);
    serverRoutesByManifest.set(manifest.routes, routes);
  }
  return routes;
}
`,
  },
  {
    file: /node_modules\/@remix-run\/server-runtime\/dist\/esm\/data\.js$/,
    replace: [
      { find: "function stripIndexParam(request) {\n", with: "function stripIndexParam(request) {\n  if (hasNothingToStrip(request)) return request;\n" },
      { find: "function stripRoutesParam(request) {\n", with: "function stripRoutesParam(request) {\n  if (hasNothingToStrip(request)) return request;\n" },
    ],
    append: `
function hasNothingToStrip(request) {
  return request.body === null && !request.url.includes("?");
}
`,
  },
  {
    file: /node_modules\/react-router\/dist\/index\.js$/,
    replace: [
      {
        find: "  let routePathnamesJson = JSON.stringify(UNSAFE_getResolveToMatches(matches, future.v7_relativeSplatPath));\n  return React.useMemo(() => resolveTo(to, JSON.parse(routePathnamesJson), locationPathname, relative === \"path\"), [to, routePathnamesJson, locationPathname, relative]);\n",
        with: "  let routePathnamesJson = typeof to === \"string\" && to.charAt(0) === \"/\" ? \"[]\" : JSON.stringify(UNSAFE_getResolveToMatches(matches, future.v7_relativeSplatPath));\n  return React.useMemo(() => resolveTo(to, JSON.parse(routePathnamesJson), locationPathname, relative === \"path\"), [to, routePathnamesJson, locationPathname, relative]);\n",
      },
    ],
    append: "",
  },
];

function patchFor(id: string): Patch | undefined {
  return PATCHES.find((candidate) => candidate.file.test(id.split("?")[0]!));
}

/** Applies the patch for `id`, if one is meant for it; throws when its text is not found. */
export function patchRemixServer(code: string, id: string, patch = patchFor(id)): string | null {
  if (!patch) return null;
  let patched = code;
  for (const { find, with: replacement } of patch.replace) {
    const at = patched.indexOf(find);
    if (at === -1 || patched.indexOf(find, at + 1) !== -1) {
      throw new Error(`remix-server-patches: ${id} no longer contains exactly one ${JSON.stringify(find.trim().slice(0, 60))}; the Remix or React Router upgrade changed the code this patch replaces (scripts/vite/remix-server-patches.ts)`);
    }
    patched = patched.slice(0, at) + replacement + patched.slice(at + find.length);
  }
  return patched + patch.append;
}

export function remixServerPatches(): Plugin {
  const applied = new Set<Patch>();
  return {
    name: "golive:remix-server-patches",
    apply: "build",
    enforce: "pre",
    config: () => ({ ssr: { noExternal: BUNDLED_FOR_THE_SERVER } }),
    applyToEnvironment: (environment) => environment.config.consumer === "server",
    transform(code, id) {
      const patch = patchFor(id);
      if (!patch) return null;
      applied.add(patch);
      return { code: patchRemixServer(code, id, patch)!, map: null };
    },
    buildEnd(error) {
      if (!error && applied.size !== PATCHES.length) {
        const missing = PATCHES.filter((patch) => !applied.has(patch)).map((patch) => patch.file.source);
        this.error(`remix-server-patches: the server bundle never loaded ${missing.join(", ")}; check the packages' entry files`);
      }
    },
  };
}
