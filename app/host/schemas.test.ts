import { describe, expect, it } from "vitest";
import { AddMemberApiSchema, AddMemberSchema, ChangeRoleApiSchema, SetupItemSchema, TokenNameSchema } from "./schemas";
import { formatWhen } from "./format";

describe("host schemas", () => {
  it("normalises the email and accepts a missing password", () => {
    const parsed = AddMemberSchema.parse({ email: "  Sam@Example.TEST ", name: " Sam ", role: "VIEWER" });
    expect(parsed).toEqual({ email: "sam@example.test", name: "Sam", role: "VIEWER" });
  });

  it("names each bad field", () => {
    const result = AddMemberSchema.safeParse({ email: "not-an-email", name: "", role: "KING", password: "short" });
    expect(result.success).toBe(false);
    const fields = Object.fromEntries(result.error!.issues.map((issue) => [issue.path.join("."), issue.message]));
    expect(Object.keys(fields).sort()).toEqual(["email", "name", "password", "role"]);
    expect(fields.password).toMatch(/12 characters/);
    expect(fields.role).toMatch(/OWNER, ADMIN, MEMBER or VIEWER/);
  });

  it("treats an empty or null password in JSON as none", () => {
    expect(AddMemberApiSchema.parse({ email: "a@b.test", name: "A", role: "MEMBER", password: "" }).password).toBeUndefined();
    expect(AddMemberApiSchema.parse({ email: "a@b.test", name: "A", role: "MEMBER", password: null }).password).toBeUndefined();
    expect(AddMemberApiSchema.safeParse({ email: "a@b.test", name: "A", role: "MEMBER", password: "short" }).success).toBe(false);
  });

  it("accepts only known roles, setup keys and sensible token names", () => {
    expect(ChangeRoleApiSchema.safeParse({ role: "owner" }).success).toBe(false);
    expect(ChangeRoleApiSchema.parse({ role: "OWNER" }).role).toBe("OWNER");
    expect(SetupItemSchema.safeParse({ key: "privacy-policy" }).success).toBe(true);
    expect(SetupItemSchema.safeParse({ key: "../etc" }).success).toBe(false);
    expect(TokenNameSchema.safeParse({ name: "   " }).success).toBe(false);
    expect(TokenNameSchema.safeParse({ name: "x".repeat(61) }).success).toBe(false);
    expect(TokenNameSchema.parse({ name: " ci " }).name).toBe("ci");
  });

  it("formats dates the same way everywhere, in UTC", () => {
    expect(formatWhen(new Date("2026-03-04T05:06:07Z"))).toBe("2026-03-04 05:06 UTC");
    expect(formatWhen(null)).toBe("never");
    expect(formatWhen("garbage", "—")).toBe("—");
  });
});
