import { describe, expect, it } from "vitest";
import { DomainError } from "~/domain-error";
import { apiErrorFrom, formErrorFrom, orPageError, pageErrorFrom } from "./domain-error.server";

describe("the two faces of a DomainError", () => {
  const notReady = new DomainError("step_not_ready", "Finish step B (Live URL) first.", { fix: { text: "Complete Live URL.", href: "/dashboard/deploy/url" } });
  const limited = new DomainError("rate_limited", "Too many attempts.", { retryAfterSeconds: 42 });
  const badField = new DomainError("conflict", "sam@example.test is already a member.", { field: "email" });

  it("answers an API with the JSON error shape, the status, the field, the fix and Retry-After", async () => {
    const response = apiErrorFrom(notReady);
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({
      error: { code: "step_not_ready", message: "Finish step B (Live URL) first.", fix: { text: "Complete Live URL.", href: "/dashboard/deploy/url" } },
    });
    const throttled = apiErrorFrom(limited);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("Retry-After")).toBe("42");
    expect(await apiErrorFrom(badField).json()).toMatchObject({ error: { code: "conflict", fields: { email: ["sam@example.test is already a member."] } } });
  });

  it("sends a page to the step that is not ready, and renders the rest as the error page", async () => {
    const redirect = pageErrorFrom(notReady);
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("Location")).toBe("/dashboard/deploy/url");
    const page = pageErrorFrom(limited);
    expect(page.status).toBe(429);
    expect(page.headers.get("Retry-After")).toBe("42");
    expect(await page.text()).toBe("Too many attempts.");
    expect(pageErrorFrom(new DomainError("not_found", "No such token.")).status).toBe(404);
  });

  it("puts a form's error beside its field, or above the form", () => {
    const calls: unknown[] = [];
    const submission = { reply: (options?: unknown) => (calls.push(options), { status: "error" as const }) };
    expect(formErrorFrom(badField, submission, { hideFields: ["password"] }).init.status).toBe(409);
    expect(formErrorFrom(limited, submission).init.headers).toEqual({ "Retry-After": "42" });
    expect(calls).toEqual([
      { fieldErrors: { email: ["sam@example.test is already a member."] }, hideFields: ["password"] },
      { formErrors: ["Too many attempts."], hideFields: undefined },
    ]);
  });

  it("rethrows anything that is not a DomainError, so a bug stays a 500", () => {
    const bug = new TypeError("undefined is not a function");
    expect(() => apiErrorFrom(bug)).toThrow(bug);
    expect(() => pageErrorFrom(bug)).toThrow(bug);
    expect(() => formErrorFrom(bug, { reply: () => ({}) })).toThrow(bug);
  });

  it("awaits a page action's work and throws a refusal as the page's answer", async () => {
    await expect(orPageError(Promise.resolve(7))).resolves.toBe(7);
    const answer = await orPageError(Promise.reject(new DomainError("not_found", "No such token."))).catch((thrown: unknown) => thrown);
    expect(answer).toBeInstanceOf(Response);
    expect((answer as Response).status).toBe(404);
    expect(await (answer as Response).text()).toBe("No such token.");
    const bug = new TypeError("undefined is not a function");
    await expect(orPageError(Promise.reject(bug))).rejects.toBe(bug);
  });
});
