import { z } from "zod";
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

export const MIN_PASSWORD_LENGTH = 12;

export const AddMemberSchema = z.object({
  email,
  name: z.string({ required_error: "Enter the person's name." }).trim().min(1, "Enter the person's name.").max(100, "A name has at most 100 characters."),
  role,
  // Only used when the email has no account yet; an existing account keeps its own password.
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `An initial password needs at least ${MIN_PASSWORD_LENGTH} characters.`)
    .max(200, "A password has at most 200 characters.")
    .optional(),
});
export type AddMemberInput = z.infer<typeof AddMemberSchema>;

/** The JSON API takes "" for "no password" as well as a missing field; unknown fields are refused, as on every API. */
export const AddMemberApiSchema = AddMemberSchema.extend({
  password: z.preprocess((value) => (value === "" || value === null ? undefined : value), AddMemberSchema.shape.password),
}).strict();

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

export const RevokeTokenSchema = z.object({ id: z.string({ required_error: "Choose a token." }).min(1).max(64) });
