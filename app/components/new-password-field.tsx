import { MIN_PASSWORD_LENGTH } from "~/auth/password-policy";
import { Field, type FieldMetadata } from "./field";

/** A new password of the person's choosing, with the policy said beside it (sign-up by invitation, the account page). */
export function NewPasswordField({ field, label }: { field: FieldMetadata; label: string }) {
  return (
    <Field
      field={field}
      label={label}
      type="password"
      autoComplete="new-password"
      hint={`At least ${MIN_PASSWORD_LENGTH} characters; a few unrelated words work well.`}
    />
  );
}
