import { describe, expect, it } from "vitest";
import { AcceptInvitationSchema, ChangePasswordSchema, ChangeRoleApiSchema, InviteApiSchema, InviteSchema, SetupItemSchema, TokenNameSchema } from "./schemas";
import { formatWhen, timeZoneFromCookie } from "./format";

describe("host schemas", () => {
  it("normalises the invited email and names each bad field", () => {
    expect(InviteSchema.parse({ email: "  Sam@Example.TEST ", role: "VIEWER" })).toEqual({ email: "sam@example.test", role: "VIEWER" });
    const result = InviteSchema.safeParse({ email: "not-an-email", role: "KING" });
    const fields = Object.fromEntries(result.error!.issues.map((issue) => [issue.path.join("."), issue.message]));
    expect(Object.keys(fields).sort()).toEqual(["email", "role"]);
    expect(fields.role).toMatch(/OWNER, ADMIN, MEMBER or VIEWER/);
  });

  it("refuses a password or a name in an invitation: the invited person chooses their own", () => {
    const result = InviteApiSchema.safeParse({ email: "a@b.test", role: "MEMBER", name: "A", password: "a-long-initial-password" });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["name", "password"] });
  });

  it("checks a new password and its confirmation", () => {
    const mismatch = ChangePasswordSchema.safeParse({ currentPassword: "x", newPassword: "tangerine-kettle-47", confirmPassword: "tangerine-kettle-48" });
    expect(mismatch.error!.issues[0]).toMatchObject({ path: ["confirmPassword"] });
    const common = AcceptInvitationSchema.safeParse({ intent: "create-account", token: "t", name: "Sam", password: "password1234" });
    expect(common.error!.issues[0]).toMatchObject({ path: ["password"] });
    expect(AcceptInvitationSchema.safeParse({ intent: "accept", token: "t" }).success).toBe(true);
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
    // In the person's zone when the browser told it; an unknown zone is UTC, said so.
    expect(formatWhen(new Date("2026-07-04T05:06:07Z"), "never", "Europe/Paris")).toBe("2026-07-04 07:06 Europe/Paris");
    expect(formatWhen(new Date("2026-03-04T23:30:00Z"), "never", "America/New_York")).toBe("2026-03-04 18:30 America/New York");
    expect(formatWhen(new Date("2026-03-04T05:06:07Z"), "never", "Mars/Base")).toBe("2026-03-04 05:06 UTC");
    expect(timeZoneFromCookie("a=1; tz=Asia%2FTokyo; b=2")).toBe("Asia/Tokyo");
    for (const bad of ["tz=Mars%2FBase", "tz=%E0%A4%A", "tz=<script>", "other=1"]) expect(timeZoneFromCookie(bad)).toBeNull();
  });
});
