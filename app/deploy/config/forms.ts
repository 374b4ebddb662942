import { z } from "zod";
import { PROVIDERS } from "./providers";

/** Zod schemas of the wizard forms, shared by the pages (Conform, client and server) and the JSON API. */
export const ProviderFormSchema = z.object({
  provider: z.enum(PROVIDERS, { errorMap: () => ({ message: "Choose one of the hosts." }) }),
});

export const AppUrlFormSchema = z.object({
  appUrl: z
    .string({ required_error: "Enter the address where your app answers." })
    .trim()
    .min(1, "Enter the address where your app answers.")
    .max(2048, "That address is too long."),
});

export const DatabaseFormSchema = z.object({
  databaseUrl: z
    .string({ required_error: "Paste your database connection string." })
    .trim()
    .min(1, "Paste your database connection string.")
    .max(4096, "That connection string is too long."),
  /** "Only reachable from my host": not tested from the platform, checked from inside at verification. */
  databasePrivate: z.literal("on").optional(),
});

const pastedSecret = (name: string) =>
  z
    .string({ required_error: `Paste your ${name}.` })
    .trim()
    .min(1, `Paste your ${name}.`)
    .max(1024, `${name} is longer than any key we accept.`);

export const SecretsFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("generate"), confirmRotation: z.literal("on").optional() }),
  z.object({
    intent: z.literal("provide"),
    confirmRotation: z.literal("on").optional(),
    JWT_SECRET: pastedSecret("JWT_SECRET"),
    ENCRYPTION_KEY: pastedSecret("ENCRYPTION_KEY"),
    SESSION_SECRET: pastedSecret("SESSION_SECRET"),
  }),
]);
