import { describe, expect, it } from "vitest";
import { NewPasswordSchema, passwordProblem } from "./password-policy";

describe("passwordProblem", () => {
  it.each([
    ["short", "at least 12"],
    ["elevenchars", "at least 12"],
    ["password1234", "attackers try it first"],
    ["PASSWORD1234", "attackers try it first"],
    ["golive-demo-2026", "attackers try it first"],
    ["zzzzzzzzzzzzzzzz", "attackers try it first"],
    ["x".repeat(201), "at most 200"],
  ])("refuses %j", (password, message) => {
    expect(passwordProblem(password)).toContain(message);
  });

  it.each(["correct horse battery", "tangerine-kettle-47", "a".repeat(11) + "b"])("accepts %j", (password) => {
    expect(passwordProblem(password)).toBeNull();
  });

  it("reports the problem as the schema's message", () => {
    const result = NewPasswordSchema.safeParse("password1234");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain("attackers try it first");
  });
});
