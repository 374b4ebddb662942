import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import * as original from "@remix-run/router";
import { afterAll, describe, expect, it } from "vitest";
import { PATCHES, patchRemixServer } from "./remix-server-patches";

const require = createRequire(import.meta.url);
const routerFile = path.join(path.dirname(require.resolve("@remix-run/router/package.json")), "dist/router.js");
const installedFiles = [
  routerFile,
  path.join(path.dirname(require.resolve("react-router-dom/package.json")), "server.mjs"),
  path.join(path.dirname(require.resolve("@remix-run/react/package.json")), "dist/esm/server.js"),
];

describe("the patches apply to the installed packages", () => {
  it.each(installedFiles)("%s", (file) => {
    const source = readFileSync(file, "utf8");
    const patched = patchRemixServer(source, file);
    expect(patched).not.toBeNull();
    for (const { with: replacement } of PATCHES.find((patch) => patch.file.test(file))!.replace) expect(patched).toContain(replacement);
  });

  it("leaves every other module alone", () => {
    expect(patchRemixServer("export const x = 1;", "/app/node_modules/react-router-dom/dist/index.js")).toBeNull();
  });

  it("fails the build when an upgrade changed the text a patch replaces", () => {
    const changed = readFileSync(routerFile, "utf8").replace("rankRouteBranches(branches);", "rankRouteBranches(branches, true);");
    expect(() => patchRemixServer(changed, routerFile)).toThrow(/no longer contains exactly one/);
  });
});

// The patched router, loaded as a module of its own, must match exactly as the original does, on
// the first call (tables built) and on every later one (tables reused).
// Inside the project, so that the test runner may load it.
mkdirSync("node_modules/.cache", { recursive: true });
const scratch = mkdtempSync(path.resolve("node_modules/.cache/remix-server-patches-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
async function loadPatchedRouter(): Promise<typeof original> {
  const file = path.join(scratch, "router.mjs");
  writeFileSync(file, patchRemixServer(readFileSync(routerFile, "utf8"), routerFile)!);
  return import(pathToFileURL(file).href);
}

function appLikeRoutes() {
  return [
    {
      id: "root",
      path: "",
      children: [
        { id: "index", index: true },
        { id: "login", path: "login" },
        { id: "api.$", path: "api/*" },
        { id: "api.team.$userId", path: "api/team/:userId" },
        { id: "api.tokens", path: "api/tokens" },
        {
          id: "dashboard",
          path: "dashboard",
          children: [
            { id: "dashboard._index", index: true },
            { id: "dashboard.team", path: "team" },
            {
              id: "dashboard.deploy",
              path: "deploy",
              children: [
                { id: "dashboard.deploy._index", index: true },
                { id: "dashboard.deploy.provider", path: "provider" },
                { id: "dashboard.deploy.url", path: "url" },
                { id: "dashboard.deploy.CaseSensitive", path: "Keys", caseSensitive: true },
              ],
            },
            { id: "dashboard.optional", path: "docs/:lang?/guide" },
          ],
        },
      ],
    },
  ];
}

const paths = [
  "/",
  "/login",
  "/login/",
  "/dashboard",
  "/dashboard/",
  "/dashboard/team",
  "/dashboard/deploy",
  "/dashboard/deploy/provider",
  "/dashboard/deploy/url?step=2#top",
  "/dashboard/deploy/Keys",
  "/dashboard/deploy/keys",
  "/dashboard/docs/guide",
  "/dashboard/docs/en/guide",
  "/api/team/u%20ser",
  "/api/tokens",
  "/api/anything/else",
  "/nowhere",
  "/dashboard/deploy/provider/extra",
];

const ids = (matches: ReturnType<typeof original.matchRoutes>) =>
  matches?.map((match) => ({ id: match.route.id, params: match.params, pathname: match.pathname, pathnameBase: match.pathnameBase })) ?? null;

describe("the patched router matches as the original does", () => {
  it("for every path, on first and repeated calls, with the same and with a new route tree", async () => {
    const patched = await loadPatchedRouter();
    const shared = appLikeRoutes();
    for (const round of [1, 2, 3]) {
      for (const pathname of paths) {
        const expected = ids(original.matchRoutes(appLikeRoutes(), pathname));
        expect(ids(patched.matchRoutes(shared, pathname)), `${pathname}, round ${round}`).toEqual(expected);
        expect(ids(patched.matchRoutes(appLikeRoutes(), pathname)), `${pathname}, new tree`).toEqual(expected);
      }
    }
    expect(ids(patched.matchRoutes(shared, "/dashboard/deploy/provider"))?.map((match) => match.id)).toEqual(["root", "dashboard", "dashboard.deploy", "dashboard.deploy.provider"]);
  });

  it("keeps case sensitivity and partial matching apart in its compiled patterns", async () => {
    const patched = await loadPatchedRouter();
    const patterns = [
      { path: "/dashboard/:page", caseSensitive: false, end: true },
      { path: "/dashboard/:page", caseSensitive: true, end: true },
      { path: "/dashboard/:page", caseSensitive: false, end: false },
      { path: "/Dashboard/:page", caseSensitive: true, end: false },
      { path: "/files/*" },
    ];
    for (const _round of [1, 2]) {
      for (const pattern of patterns) {
        for (const pathname of ["/dashboard/team", "/Dashboard/team", "/dashboard/team/more", "/files/a/b", "/files"]) {
          expect(patched.matchPath(pattern, pathname), `${JSON.stringify(pattern)} ${pathname}`).toEqual(original.matchPath(pattern, pathname));
        }
      }
    }
  });
});

// Remix's two Request copies per loader, taken from its source with and without the patch: only the
// copies of a request with no query string and no body are skipped, and those equal the original.
async function loadStripFunctions(patch: boolean) {
  const file = path.join(path.dirname(require.resolve("@remix-run/server-runtime/package.json")), "dist/esm/data.js");
  const source = patch ? patchRemixServer(readFileSync(file, "utf8"), file)! : readFileSync(file, "utf8");
  const functionText = (name: string) => {
    const start = source.indexOf(`function ${name}(`);
    return source.slice(start, source.indexOf("\n}\n", start) + 3);
  };
  const names = ["stripIndexParam", "stripRoutesParam", ...(patch ? ["hasNothingToStrip"] : [])];
  const module = path.join(scratch, `strip-${patch ? "patched" : "original"}.mjs`);
  writeFileSync(module, names.map(functionText).join("\n") + "\nexport { stripIndexParam, stripRoutesParam };\n");
  return (await import(pathToFileURL(module).href)) as { stripIndexParam: (request: Request) => Request; stripRoutesParam: (request: Request) => Request };
}

describe("a loader's Request", () => {
  const requests = () => [
    new Request("http://localhost/dashboard/deploy/provider", { headers: { cookie: "session=1" } }),
    new Request("http://localhost/dashboard?index&tab=a%20b", { headers: { cookie: "session=1" } }),
    new Request("http://localhost/dashboard?index=&_routes=root", {}),
    new Request("http://localhost/dashboard?", {}),
    new Request("http://localhost/dashboard/deploy/url", { method: "POST", body: "url=https%3A%2F%2Fexample.com", headers: { "content-type": "application/x-www-form-urlencoded" } }),
  ];
  const describeRequest = async (request: Request) => ({ url: request.url, method: request.method, headers: [...request.headers], body: request.body ? await request.text() : null });

  it("is the same object when there is nothing to strip, and otherwise the copy Remix makes", async () => {
    const original = await loadStripFunctions(false);
    const patched = await loadStripFunctions(true);
    for (const [index, request] of requests().entries()) {
      const expected = await describeRequest(original.stripRoutesParam(original.stripIndexParam(requests()[index]!)));
      const result = patched.stripRoutesParam(patched.stripIndexParam(request));
      expect(await describeRequest(result), request.url).toEqual(expected);
      expect(result === request, request.url).toBe(index === 0);
    }
  });
});

// React Router's path resolution for links and forms, rendered from its source with and without the
// patch: absolute paths skip the route matches' JSON, relative ones still use them.
describe("useResolvedPath", () => {
  async function renderResolvedPaths(patch: boolean) {
    const routerPackage = path.dirname(require.resolve("react-router/package.json"));
    const file = path.join(routerPackage, "dist/index.js");
    const module = path.join(scratch, `react-router-${patch ? "patched" : "original"}.mjs`);
    writeFileSync(module, patch ? patchRemixServer(readFileSync(file, "utf8"), file)! : readFileSync(file, "utf8"));
    const { createElement: h } = await import("react");
    const { renderToStaticMarkup } = await import("react-dom/server");
    const router = (await import(pathToFileURL(module).href)) as typeof import("react-router");
    const targets = ["/dashboard/team", "/dashboard/team/", "/", "//elsewhere/x?y=1#z", ".", "..", "../url", "keys", "keys/", "", "?tab=2", "#top"];
    const Paths = () => h("ol", null, ...targets.map((to) => h("li", { key: to }, `${to} -> ${JSON.stringify(router.useResolvedPath(to))} ${JSON.stringify(router.useResolvedPath(to, { relative: "path" }))}`)));
    return renderToStaticMarkup(
      h(
        router.Router,
        { location: "/dashboard/deploy/provider/", navigator: {} as never, static: true, future: { v7_relativeSplatPath: true } },
        h(router.Routes, null, h(router.Route, { path: "dashboard", element: h(router.Outlet) }, h(router.Route, { path: "deploy/*", element: h(Paths) }))),
      ),
    );
  }

  it("gives every link target the path the original gives it", async () => {
    const expected = await renderResolvedPaths(false);
    expect(expected).toContain("/dashboard/deploy/url");
    expect(await renderResolvedPaths(true)).toBe(expected);
  });
});
