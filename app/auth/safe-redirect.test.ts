import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./session.server";

/** What a browser does with a Location header: drop tabs and newlines, then resolve against the page. */
function whereABrowserGoes(location: string, origin = "https://app.example.test") {
  return new URL(location.replace(/[\t\n\r]/g, ""), `${origin}/login`);
}

describe("safeRedirectPath", () => {
  it.each([
    ["/dashboard", "/dashboard"],
    ["/dashboard/deploy/secrets?step=2#keys", "/dashboard/deploy/secrets?step=2#keys"],
    ["/dashboard/team?done=added", "/dashboard/team?done=added"],
    ["/dashboard/../dashboard/audit", "/dashboard/audit"],
    ["/a%2F%2Fb", "/a%2F%2Fb"],
    ["/%09/evil.example", "/%09/evil.example"],
  ])("keeps the path %j on the app (as %j)", (input, expected) => expect(safeRedirectPath(input)).toBe(expected));

  it.each([
    "//evil.example",
    "//evil.example/phish",
    "/\t/evil.example/phish",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "\t//evil.example",
    "/\\evil.example",
    "/\\\\evil.example",
    "\\\\evil.example",
    "/.//evil.example",
    "/..//evil.example",
    "/x/..//evil.example",
    "https://evil.example",
    "http:evil.example",
    "javascript:alert(1)",
    " /dashboard",
    "dashboard",
    "",
    "/dashboard\r\nSet-Cookie: x=1",
    "/dashboard\u0000",
    "/\u007f/evil.example",
  ])("refuses %j (the fallback instead)", (input) => {
    expect(safeRedirectPath(input)).toBe("/dashboard");
  });

  it("refuses what is not a string", () => {
    for (const value of [undefined, null, 1, ["/dashboard"], { toString: () => "//evil.example" }]) expect(safeRedirectPath(value)).toBe("/dashboard");
    expect(safeRedirectPath(undefined, "/dashboard/team")).toBe("/dashboard/team");
  });

  it("whatever it returns, a browser stays on the app's origin", () => {
    const inputs = [
      "/%2F%2Fevil.example",
      "/%5Cevil.example",
      "/%09/evil.example",
      "/;//evil.example",
      "/@evil.example",
      "/:@evil.example",
      "/?//evil.example",
      "/#//evil.example",
    ];
    for (const input of inputs) {
      const location = safeRedirectPath(input);
      expect(location, input).toMatch(/^\/(?![/\\])/);
      expect(whereABrowserGoes(location).origin, input).toBe("https://app.example.test");
    }
  });
});
