import { z } from "zod";
import { parseKeyMaterial } from "~/crypto/key-material.server";
import { getEnv } from "~/env.server";
import { normaliseAppUrl } from "./app-url";
import { formatDatabaseUrl, maskDatabaseUrl, parseDatabaseUrl } from "./database-url";
import { AppUrlFormSchema, DatabaseFormSchema, SecretsFormSchema } from "./forms";
import { checkHostname } from "~/deploy/checks/net/address-policy.server";
import type { ProviderId } from "./providers";

/**
 * Server-side refinements of the form schemas: what needs the environment or Node (URL policy,
 * key material). Pages and API both parse with these, so both give the same answers.
 */
export function appUrlSchema(provider: ProviderId | null) {
  return AppUrlFormSchema.transform((value, ctx) => {
    const result = normaliseAppUrl(value.appUrl, { allowLocalHttp: getEnv().allowLocalTargets, provider });
    if (!result.ok) {
      ctx.addIssue({ code: "custom", path: ["appUrl"], message: result.message });
      return z.NEVER;
    }
    // The verifier's name rules (.localhost, .local, .internal, metadata names) apply when the URL is saved, not only when it is called.
    const name = checkHostname(new URL(result.url).hostname, { allowLoopback: getEnv().allowLocalTargets });
    if (!name.allowed) {
      ctx.addIssue({ code: "custom", path: ["appUrl"], message: `${name.detail} Enter the public address of your deployed app.` });
      return z.NEVER;
    }
    return { appUrl: result.url, warnings: result.warnings };
  });
}

export const databaseUrlSchema = DatabaseFormSchema.transform((value, ctx) => {
  const result = parseDatabaseUrl(value.databaseUrl);
  if (!result.ok) {
    ctx.addIssue({ code: "custom", path: ["databaseUrl"], message: result.message });
    return z.NEVER;
  }
  return {
    canonical: formatDatabaseUrl(result.value),
    masked: maskDatabaseUrl(result.value),
    scheme: result.value.scheme,
    privateOnly: value.databasePrivate === "on",
  };
});

/** Pasted secrets are checked exactly as the app reads them at start-up (parseKeyMaterial). */
function checkPastedSecrets(value: Record<"JWT_SECRET" | "ENCRYPTION_KEY" | "SESSION_SECRET", string>, ctx: z.RefinementCtx, path: string[] = []) {
  const keys: string[] = [];
  for (const name of ["JWT_SECRET", "ENCRYPTION_KEY", "SESSION_SECRET"] as const) {
    const parsed = parseKeyMaterial(value[name]);
    if (!parsed.ok)
      ctx.addIssue({
        code: "custom",
        path: [...path, name],
        message: `${name} ${parsed.reason}. Use base64 of at least 32 random bytes, e.g. the output of: openssl rand -base64 32`,
      });
    // Compared as the app reads them: base64, base64url, padded or not are one key in different spellings.
    keys.push(parsed.ok ? `key:${parsed.bytes.toString("hex")}` : `text:${value[name]}`);
  }
  if (new Set(keys).size < keys.length) {
    ctx.addIssue({
      code: "custom",
      path: [...path, "SESSION_SECRET"],
      message: "Use a different value for each secret (the same key written another way, such as base64url or without padding, counts as the same value).",
    });
  }
}

/** Step D's form: generate, or paste your own. */
export const secretsSchema = SecretsFormSchema.superRefine((value, ctx) => {
  if (value.intent === "provide") checkPastedSecrets(value, ctx);
});

/** POST /api/env/generate: the same choice as the form; `secrets` present means "use these". */
export const SecretsApiSchema = z
  .object({
    confirmRotation: z.boolean().optional(),
    secrets: z
      .object({ JWT_SECRET: z.string().max(512), ENCRYPTION_KEY: z.string().max(512), SESSION_SECRET: z.string().max(512) })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.secrets) checkPastedSecrets(value.secrets, ctx, ["secrets"]);
  });
