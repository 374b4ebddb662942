import { z } from "zod";
import { MAX_PASSWORD_LENGTH, NewPasswordSchema } from "~/auth/password-policy";
import { ROLES } from "~/tenancy/roles";
import { MODULES } from "./module-catalogue";
import { SETUP_KEYS } from "./setup-catalogue";

/** Form and API schemas of the host pages (team, setup, modules, tokens): one per form, shared by UI and server. */
const email = z
  .string({ required_error: "Enter the person's email address." })
  .trim()
  .toLowerCase()
  .email("Enter a valid email address, such as sam@example.com.")
  .max(254, "An email address has at most 254 characters.");

/** Ids the app hands out (cuid): anything else, a NUL included, is refused before it reaches a query. */
const recordId = (required: string) =>
  z
    .string({ required_error: required })
    .min(1, required)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/, "That is not an id this app gave out.");

/** Free text that is stored: PostgreSQL cannot store a NUL, so it is a field error here, not a 500 there. */
const noNul = (value: string) => !value.includes("\u0000");
const NUL_MESSAGE = "Remove the NUL character (\\u0000).";

const role = z.enum(ROLES, { message: "Choose a role: OWNER, ADMIN, MEMBER or VIEWER." });

/** How long an invitation link works. */
export const INVITATION_DAYS = 7;

export const InviteSchema = z.object({ email, role });
export type InviteInput = z.infer<typeof InviteSchema>;

/** The API refuses unknown fields, as every API does: an old client's "password" is refused, not ignored. */
export const InviteApiSchema = InviteSchema.strict();

const personName = z
  .string({ required_error: "Enter your name." })
  .trim()
  .min(1, "Enter your name.")
  .max(100, "A name has at most 100 characters.")
  .refine(noNul, NUL_MESSAGE);

export const AcceptInvitationSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create-account"), token: z.string().max(200), name: personName, password: NewPasswordSchema }),
  z.object({ intent: z.literal("accept"), token: z.string().max(200) }),
]);

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string({ required_error: "Enter your current password." }).max(MAX_PASSWORD_LENGTH),
    newPassword: NewPasswordSchema,
    confirmPassword: z.string({ required_error: "Type the new password again." }),
  })
  .refine((value) => value.newPassword === value.confirmPassword, { message: "The two new passwords are not the same.", path: ["confirmPassword"] });

export const ChangeRoleSchema = z.object({
  userId: recordId("Choose a member."),
  role,
});

export const ChangeRoleApiSchema = z.object({ role }).strict();

export const SetupItemSchema = z.object({
  key: z.enum(SETUP_KEYS as [string, ...string[]], { message: "Unknown setup item." }),
});

export const ModuleSchema = z.object({
  module: z.enum(MODULES, { message: "Unknown module: choose email, payments or ai." }),
});

export const TokenNameSchema = z.object({
  name: z
    .string({ required_error: "Name the token, for example 'deploy script'." })
    .trim()
    .min(1, "Name the token, for example 'deploy script'.")
    .max(60, "A token name has at most 60 characters.")
    .refine(noNul, NUL_MESSAGE),
});

export const RevokeInvitationSchema = z.object({ id: recordId("Choose an invitation.") });

export const RevokeTokenSchema = z.object({ id: recordId("Choose a token.") });
