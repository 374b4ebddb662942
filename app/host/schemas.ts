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
  .max(100, "A name has at most 100 characters.");

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
  userId: z.string({ required_error: "Choose a member." }).min(1).max(64),
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
    .max(60, "A token name has at most 60 characters."),
});

export const RevokeInvitationSchema = z.object({ id: z.string({ required_error: "Choose an invitation." }).min(1).max(64) });

export const RevokeTokenSchema = z.object({ id: z.string({ required_error: "Choose a token." }).min(1).max(64) });
