import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The layers of app/ (docs/architecture.md): a module may import from its own layer and the layers
 * below it, never from one above. A lower layer that needs something from a higher one is a sign the
 * code sits in the wrong place.
 */
const APP = path.resolve(import.meta.dirname);
const LAYERS: [rank: number, name: string, test: (file: string) => boolean][] = [
  [0, "foundations", (f) => /^(domain-error|env\.server|logger\.server)$|^(generated|crypto|db)\//.test(f)],
  [1, "http", (f) => f.startsWith("http/")],
  [2, "auth", (f) => f.startsWith("auth/")],
  [3, "tenancy", (f) => f.startsWith("tenancy/")],
  [4, "audit", (f) => f.startsWith("audit/")],
  [5, "workspace", (f) => f.startsWith("workspace/")],
  [6, "deploy", (f) => f.startsWith("deploy/")],
  [7, "components", (f) => f.startsWith("components/") || f.startsWith("styles/")],
  [8, "routes and entries", (f) => f.startsWith("routes/") || /^(root|entry\.client|entry\.server|start\.server)$/.test(f)],
];

function layerOf(file: string) {
  const key = file.replace(/\.(ts|tsx|mjs|js)$/, "");
  const layer = LAYERS.find(([, , test]) => test(key));
  if (!layer) throw new Error(`app/${file} belongs to no layer: add its folder to LAYERS and to docs/architecture.md`);
  return layer;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === "generated" ? [] : sourceFiles(full);
    return /\.(ts|tsx|mjs)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

function resolveImport(from: string, spec: string): string | null {
  if (spec.startsWith("~/")) return spec.slice(2);
  if (spec.startsWith(".")) return path.relative(APP, path.resolve(path.dirname(from), spec));
  return null;
}

describe("app/ layers", () => {
  it("no module imports from a layer above its own", () => {
    const violations: string[] = [];
    for (const full of sourceFiles(APP)) {
      const file = path.relative(APP, full);
      const [rank, name] = layerOf(file);
      for (const match of readFileSync(full, "utf8").matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) {
        const target = resolveImport(full, match[1]!);
        if (!target) continue;
        const [targetRank, targetName] = layerOf(target);
        if (targetRank > rank) violations.push(`app/${file} (${name}) imports ${match[1]} (${targetName})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("knows every folder", () => {
    for (const full of sourceFiles(APP)) expect(() => layerOf(path.relative(APP, full))).not.toThrow();
  });
});
