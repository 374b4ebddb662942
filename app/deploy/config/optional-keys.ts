import { z } from "zod";
import type { ModuleName } from "~/workspace/module-catalogue";

/** The optional keys of step E: which module needs which, and what a well-formed value looks like. */
export const OPTIONAL_KEYS = ["OPENAI_API_KEY", "SMTP_URL", "EMAIL_API_KEY", "PAYMENTS_SECRET_KEY", "PAYMENTS_WEBHOOK_SECRET"] as const;
export type OptionalKeyName = (typeof OPTIONAL_KEYS)[number];

export const OPTIONAL_KEY_SPECS: Record<OptionalKeyName, { module: ModuleName; label: string; format: RegExp; formatHint: string; maskPrefix: number }> = {
  OPENAI_API_KEY: {
    module: "ai",
    label: "OpenAI API key",
    format: /^sk-[A-Za-z0-9_-]{20,200}$/,
    formatHint: "starts with sk- (from platform.openai.com → API keys)",
    maskPrefix: 3,
  },
  SMTP_URL: {
    module: "email",
    label: "SMTP URL",
    format: /^smtps?:\/\/[^\s/?#]+(:\d{1,5})?\/?$/,
    formatHint: "smtp://user:password@smtp.example.com:587 or smtps://…:465",
    maskPrefix: 7,
  },
  EMAIL_API_KEY: {
    module: "email",
    label: "Email provider API key",
    format: /^[A-Za-z0-9._-]{16,200}$/,
    formatHint: "your email provider's API key (letters, digits, . _ -; at least 16 characters)",
    maskPrefix: 3,
  },
  PAYMENTS_SECRET_KEY: {
    module: "payments",
    label: "Payments secret key",
    format: /^sk_(test|live)_[A-Za-z0-9]{16,200}$/,
    formatHint: "starts with sk_live_ (or sk_test_ for testing)",
    maskPrefix: 8,
  },
  PAYMENTS_WEBHOOK_SECRET: {
    module: "payments",
    label: "Payments webhook signing secret",
    format: /^whsec_[A-Za-z0-9]{16,200}$/,
    formatHint: "starts with whsec_",
    maskPrefix: 6,
  },
};

/** Keys each enabled module needs. Email needs one of SMTP_URL or EMAIL_API_KEY. */
export function missingKeysForModules(enabled: readonly ModuleName[], present: ReadonlySet<OptionalKeyName>): string[] {
  const missing: string[] = [];
  if (enabled.includes("ai") && !present.has("OPENAI_API_KEY")) missing.push("OPENAI_API_KEY");
  if (enabled.includes("email") && !present.has("SMTP_URL") && !present.has("EMAIL_API_KEY")) missing.push("SMTP_URL or EMAIL_API_KEY");
  if (enabled.includes("payments")) {
    if (!present.has("PAYMENTS_SECRET_KEY")) missing.push("PAYMENTS_SECRET_KEY");
    if (!present.has("PAYMENTS_WEBHOOK_SECRET")) missing.push("PAYMENTS_WEBHOOK_SECRET");
  }
  return missing;
}

export function maskOptionalKey(name: OptionalKeyName, value: string) {
  const spec = OPTIONAL_KEY_SPECS[name];
  if (name === "SMTP_URL") return value.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:••••@");
  return `${value.slice(0, spec.maskPrefix)}••••${value.slice(-4)}`;
}

const optionalKeyField = (name: OptionalKeyName) =>
  z
    .string()
    .trim()
    .max(500, "That is longer than any key of this kind.")
    .optional()
    .transform((value) => (value ? value : undefined))
    .refine(
      (value) => value === undefined || OPTIONAL_KEY_SPECS[name].format.test(value),
      `${OPTIONAL_KEY_SPECS[name].label} ${OPTIONAL_KEY_SPECS[name].formatHint}.`,
    );

/** Blank = keep what is stored; `remove` lists keys to delete. */
export const OptionalKeysSchema = z.object({
  OPENAI_API_KEY: optionalKeyField("OPENAI_API_KEY"),
  SMTP_URL: optionalKeyField("SMTP_URL"),
  EMAIL_API_KEY: optionalKeyField("EMAIL_API_KEY"),
  PAYMENTS_SECRET_KEY: optionalKeyField("PAYMENTS_SECRET_KEY"),
  PAYMENTS_WEBHOOK_SECRET: optionalKeyField("PAYMENTS_WEBHOOK_SECRET"),
  remove: z.array(z.enum(OPTIONAL_KEYS)).optional(),
});
export type OptionalKeysInput = z.infer<typeof OptionalKeysSchema>;
