import { describe, expect, it } from "vitest";
import { apiError, apiJson, readJsonBody } from "./api.server";

describe("JSON responses", () => {
  it("carry their exact length, so small answers are not compressed chunk by chunk", async () => {
    const response = apiJson({ name: "Café Ünïcode ✓" }, { status: 201 });
    const text = await response.clone().text();
    expect(response.status).toBe(201);
    expect(response.headers.get("Content-Type")).toBe("application/json");
    expect(response.headers.get("Content-Length")).toBe(String(Buffer.byteLength(text)));
    expect(Buffer.byteLength(text)).toBeGreaterThan(text.length);
    expect(await response.json()).toEqual({ name: "Café Ünïcode ✓" });
  });

  it("keeps the error shape and headers", async () => {
    const response = apiError(429, "rate_limited", "Too many attempts.", { headers: { "Retry-After": "60" } });
    expect(response.headers.get("Retry-After")).toBe("60");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(Number(response.headers.get("Content-Length"))).toBe(Buffer.byteLength(await response.clone().text()));
    expect(await response.json()).toEqual({ error: { code: "rate_limited", message: "Too many attempts." } });
  });
});

describe("readJsonBody and NUL characters", () => {
  const read = (text: string) =>
    readJsonBody(new Request("http://app.test/api/x", { method: "POST", headers: { "Content-Type": "application/json" }, body: text }));

  it("refuses a NUL in any value or name with a 400 naming the fields (PostgreSQL cannot store one)", async () => {
    const error = await read(JSON.stringify({ name: "a\u0000b", nested: { list: ["ok", "\u0000"] }, ["k\u0000"]: 1, fine: "x" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Response);
    const response = error as Response;
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; fields: Record<string, string[]> } };
    expect(body.error.code).toBe("invalid_input");
    expect(Object.keys(body.error.fields).sort()).toEqual(["k\\u0000", "name", "nested.list.1"]);
  });

  it("lets through the text \\u0000 (an escaped backslash), and finds a NUL however deeply it is nested", async () => {
    expect(await read(JSON.stringify({ name: "\\u0000" }))).toEqual({ name: "\\u0000" });
    const deep = `${"[".repeat(5000)}"\\u0000"${"]".repeat(5000)}`;
    await expect(read(`{"a":${deep}}`)).rejects.toBeInstanceOf(Response);
  });
});
