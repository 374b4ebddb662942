import { readdirSync } from "node:fs";
import path from "node:path";

/**
 * The route table as Remix sees it, read from app/routes at test time (flat-routes convention), and
 * a way to call a route's loader or action with a real Request the way Remix would: thrown
 * Responses (redirects, 4xx) are outcomes, `data()` results carry their status, and anything else
 * thrown is a crash, which Remix would answer with a 500.
 */
export const ROOT = path.resolve(import.meta.dirname, "../../..");
export const ROUTES_DIR = path.join(ROOT, "app/routes");
export const BASE_URL = "http://localhost:3999";

export type RouteFile = { file: string; id: string; url: string; resource: boolean };

/** Remix flat routes: dots → slashes, $param → :param, a lone $ → splat, _index → the parent's index, _prefix → pathless. */
export function urlForRouteFile(file: string): string {
  const name = file.replace(/\.(tsx|ts|jsx|js)$/, "");
  const segments = name
    .split(".")
    .filter((segment) => segment !== "_index" && !segment.startsWith("_"))
    .map((segment) => segment.replace(/_$/, ""))
    .map((segment) => (segment === "$" ? "*" : segment.startsWith("$") ? `:${segment.slice(1)}` : segment));
  return `/${segments.join("/")}`;
}

export function listRouteFiles(): RouteFile[] {
  return readdirSync(ROUTES_DIR)
    .filter((file) => /\.(tsx?|jsx?)$/.test(file) && !/\.test\.tsx?$/.test(file))
    .sort()
    .map((file) => ({ file, id: `routes/${file.replace(/\.(tsx|ts|jsx|js)$/, "")}`, url: urlForRouteFile(file), resource: /\.ts$/.test(file) }));
}

export type RouteModule = {
  loader?: (args: RouteArgs) => unknown;
  action?: (args: RouteArgs) => unknown;
  default?: unknown;
};
type RouteArgs = { request: Request; params: Record<string, string>; context: { cspNonce: string; requestId: string } };

export async function importRoute(file: string): Promise<RouteModule> {
  return (await import(/* @vite-ignore */ path.join(ROUTES_DIR, file))) as RouteModule;
}

export type Outcome = {
  status: number;
  /** Location of a redirect. */
  location: string | null;
  headers: Headers;
  /** Parsed JSON for JSON responses, the returned value for loader data, text otherwise. */
  body: unknown;
  /** Everything the response carries, as text (for leak checks). */
  text: string;
  thrown: boolean;
  crash?: unknown;
};

type DataWithInit = { type: "DataWithResponseInit"; data: unknown; init: ResponseInit | null };
const isDataWithInit = (value: unknown): value is DataWithInit =>
  typeof value === "object" && value !== null && (value as { type?: unknown }).type === "DataWithResponseInit";

export async function outcomeOf(value: unknown, thrown: boolean): Promise<Outcome> {
  if (value instanceof Response) {
    const text = await value.text();
    let body: unknown = text;
    if ((value.headers.get("Content-Type") ?? "").includes("json")) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    const headerText = [...value.headers.entries()].map(([k, v]) => `${k}: ${v}`).join("\n");
    return {
      status: value.status,
      location: value.headers.get("Location"),
      headers: value.headers,
      body,
      text: `${value.status}\n${headerText}\n\n${text}`,
      thrown,
    };
  }
  if (thrown) {
    return { status: 500, location: null, headers: new Headers(), body: null, text: String(value), thrown, crash: value };
  }
  if (isDataWithInit(value)) {
    const headers = new Headers(value.init?.headers);
    const status = value.init?.status ?? 200;
    return { status, location: headers.get("Location"), headers, body: value.data, text: `${status}\n${JSON.stringify(value.data)}`, thrown };
  }
  return { status: 200, location: null, headers: new Headers(), body: value, text: `200\n${JSON.stringify(value ?? null)}`, thrown };
}

export type CallInput = {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: BodyInit | null;
  params?: Record<string, string>;
};

/** Calls the route the way Remix would for this method: GET/HEAD → loader, others → action (405 without one). */
export async function callRoute(mod: RouteModule, input: CallInput): Promise<Outcome> {
  const method = (input.method ?? "GET").toUpperCase();
  const handler = method === "GET" || method === "HEAD" ? mod.loader : mod.action;
  if (!handler) {
    // Remix answers 405 when the matched route has no action (and 400 without a loader for GET, which no route here lacks).
    return { status: method === "GET" ? 400 : 405, location: null, headers: new Headers(), body: null, text: "", thrown: false };
  }
  const request = new Request(`${BASE_URL}${input.path}`, {
    method,
    headers: input.headers,
    body: method === "GET" || method === "HEAD" ? undefined : (input.body ?? null),
  });
  try {
    return await outcomeOf(await handler({ request, params: input.params ?? {}, context: { cspNonce: "", requestId: "security-test" } }), false);
  } catch (error) {
    return outcomeOf(error, true);
  }
}

export function jsonBody(value: unknown) {
  return { body: JSON.stringify(value), headers: { "Content-Type": "application/json" } };
}

export function formBody(fields: Record<string, string | string[]>) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const item of Array.isArray(value) ? value : [value]) params.append(key, item);
  return { body: params.toString(), headers: { "Content-Type": "application/x-www-form-urlencoded" } };
}

/** The one JSON error shape (app/http/api.server.ts). */
export function isApiErrorShape(body: unknown): boolean {
  if (typeof body !== "object" || body === null) return false;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== "object" || error === null) return false;
  const { code, message, fields, fix } = error as { code?: unknown; message?: unknown; fields?: unknown; fix?: unknown };
  if (typeof code !== "string" || !/^[a-z_]+$/.test(code) || typeof message !== "string" || message.length === 0) return false;
  if (
    fields !== undefined &&
    (typeof fields !== "object" || fields === null || !Object.values(fields).every((v) => Array.isArray(v) && v.every((m) => typeof m === "string")))
  )
    return false;
  if (fix !== undefined && (typeof fix !== "object" || fix === null || typeof (fix as { text?: unknown }).text !== "string")) return false;
  return true;
}
