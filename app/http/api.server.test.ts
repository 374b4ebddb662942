import { describe, expect, it } from "vitest";
import { apiError, apiJson } from "./api.server";

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
