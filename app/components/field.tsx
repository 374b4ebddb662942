import { getInputProps } from "@conform-to/react";
import type { InputHTMLAttributes, ReactNode } from "react";

export type FieldMetadata = Parameters<typeof getInputProps>[0];
type InputType = "text" | "email" | "password" | "url";

/**
 * A labelled text input of a Conform form, with its hint and its error: the label names the input,
 * the hint and (once the field is invalid) the error describe it, so a screen reader reads both, and
 * the error's paragraph is always there for the server-rendered answer to fill without JavaScript.
 */
export function Field({
  field,
  label,
  type,
  hint,
  inputClassName = "",
  ...input
}: {
  field: FieldMetadata;
  label: ReactNode;
  type: InputType;
  hint?: ReactNode;
  inputClassName?: string;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "id" | "name" | "className" | "defaultValue" | "form">) {
  return (
    <div>
      <label className="field-label" htmlFor={field.id}>
        {label}
      </label>
      <input
        className={`field-input ${inputClassName}`.trim()}
        {...getInputProps(field, { type, ariaDescribedBy: hint ? field.descriptionId : undefined })}
        {...input}
      />
      {hint ? (
        <p className="field-hint" id={field.descriptionId}>
          {hint}
        </p>
      ) : null}
      <p className="field-error" id={field.errorId}>
        {field.errors?.[0]}
      </p>
    </div>
  );
}

/** The form's own error (one not about a single field), announced when it appears. */
export function FormError({ form }: { form: { errorId: string; errors?: string[] } }) {
  return (
    <p className="field-error" id={form.errorId} role="alert">
      {form.errors?.[0]}
    </p>
  );
}
