import type { ZodError } from "zod";

/**
 * One JSON error shape for every API route: { error: { code, message, fix?, fields? } }.
 */
export type ApiErrorBody = {
  error: { code: string; message: string; fix?: { text: string; href?: string }; fields?: Record<string, string[]> };
};

export function apiError(
  status: number,
  code: string,
  message: string,
  extra: { fix?: { text: string; href?: string }; fields?: Record<string, string[]>; headers?: HeadersInit } = {},
) {
  const body: ApiErrorBody = { error: { code, message, ...(extra.fix ? { fix: extra.fix } : {}), ...(extra.fields ? { fields: extra.fields } : {}) } };
  const headers = new Headers(extra.headers);
  headers.set("Cache-Control", "no-store");
  return jsonResponse(body, status, headers);
}

export function apiJson(body: unknown, init: { status?: number; headers?: HeadersInit; noStore?: boolean } = {}) {
  const headers = new Headers(init.headers);
  headers.set("Cache-Control", init.noStore === false ? "private, max-age=0" : "no-store");
  return jsonResponse(body, init.status ?? 200, headers);
}

/** Like Response.json, with a Content-Length: the compression middleware then leaves small answers
 * (most of them are a few hundred bytes) as they are instead of compressing them chunk by chunk. */
export function jsonResponse(body: unknown, status: number, headers: Headers) {
  const text = JSON.stringify(body);
  if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  headers.set("Content-Length", String(Buffer.byteLength(text)));
  return new Response(text, { status, headers });
}

export const MAX_JSON_BODY_BYTES = 64 * 1024;

/** Reads a JSON object body with a size cap; throws the 4xx Response that explains what is wrong. */
export async function readJsonBody(request: Request): Promise<Record<string, unknown>> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw apiError(415, "unsupported_media_type", "Send the body as JSON with Content-Type: application/json.");
  }
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > MAX_JSON_BODY_BYTES) throw tooLarge();
  const text = await readTextCapped(request, MAX_JSON_BODY_BYTES);
  if (text === null) throw tooLarge();
  if (text.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw apiError(400, "malformed_json", "The body is not valid JSON.");
  }
  // A NUL ("\u0000") is valid JSON, but PostgreSQL refuses it in text: refused here, by field, not there with a 500.
  const withNul = /\\u0000/i.test(text) ? pathsWithNul(parsed) : [];
  if (withNul.length) {
    const fields = Object.fromEntries(withNul.map((path) => [path, ["No field accepts a NUL character (\\u0000)."]]));
    throw apiError(400, "invalid_input", "Some fields are not valid.", { fields });
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw apiError(400, "malformed_json", "The body must be a JSON object.");
  }
  return parsed as Record<string, unknown>;
}

/** The field paths (a.b.0) whose value or name holds a NUL; iterative, so deep nesting cannot overflow the stack. */
function pathsWithNul(root: unknown): string[] {
  const found: string[] = [];
  const stack: [unknown, string][] = [[root, ""]];
  while (stack.length) {
    const [value, path] = stack.pop()!;
    if (typeof value === "string") {
      if (value.includes("\u0000")) found.push(path || "body");
    } else if (typeof value === "object" && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        const childPath = path ? `${path}.${key}` : key;
        if (key.includes("\u0000")) found.push(childPath.split("\u0000").join("\\u0000"));
        else stack.push([child, childPath]);
      }
    }
  }
  return found;
}

function tooLarge() {
  return apiError(413, "body_too_large", `The body is larger than ${MAX_JSON_BODY_BYTES / 1024} KB.`);
}

async function readTextCapped(request: Request, limit: number): Promise<string | null> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function validationError(error: ZodError, message = "Some fields are not valid.") {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "body";
    (fields[key] ??= []).push(issue.message);
  }
  return apiError(400, "invalid_input", message, { fields });
}

export function methodNotAllowed(allowed: string[]) {
  return apiError(405, "method_not_allowed", `Use ${allowed.join(" or ")}.`, { headers: { Allow: allowed.join(", ") } });
}
