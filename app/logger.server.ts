import pino, { type Logger } from "pino";

/**
 * Structured logs. Three layers keep secrets out: callers log ids and classified outcomes, never
 * values; `redact` drops the header and field paths that carry credentials; and every line is
 * scrubbed of secret values the process knows (its own keys, values it just generated).
 */
const knownSecrets = new Set<string>();

export function registerSecretForScrubbing(value: string | undefined | null) {
  if (!value || value.length < 8) return;
  knownSecrets.add(value);
  knownSecrets.add(encodeURIComponent(value));
}

export function scrubSecrets(text: string): string {
  let out = text;
  for (const value of knownSecrets) {
    if (out.includes(value)) out = out.split(value).join("[REDACTED]");
  }
  // userinfo in any URL-looking text: scheme://user:password@host
  return out.replace(/([a-z][a-z0-9+.-]*:\/\/[^/\s:@"]*):[^@\s/"]*@/gi, "$1:[REDACTED]@");
}

export const REDACT_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  "req.headers['set-cookie']",
  "res.headers['set-cookie']",
  "*.password",
  "*.secret",
  "*.token",
  "*.databaseUrl",
  "*.dbUrl",
  "*.jwtSecret",
  "*.encryptionKey",
];

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? "info",
      base: undefined,
      redact: { paths: REDACT_PATHS, censor: "[REDACTED]" },
      hooks: { streamWrite: scrubSecrets },
      serializers: { err: serializeError },
    },
    options.destination,
  );
}

/** Errors are logged by kind only: messages of driver and URL errors can carry the whole URL. */
export function serializeError(error: unknown) {
  if (!(error instanceof Error)) return { type: typeof error };
  const withCode = error as Error & { code?: unknown };
  return {
    type: error.name,
    code: typeof withCode.code === "string" ? withCode.code : undefined,
    message: scrubSecrets(error.message).slice(0, 300),
    stack: error.stack ? scrubSecrets(error.stack.split("\n").slice(1, 6).join("\n")) : undefined,
  };
}

let current: Logger = createLogger({ level: process.env.LOG_LEVEL ?? "info" });

export function getLogger(): Logger {
  return current;
}

export function setLogger(logger: Logger) {
  current = logger;
}
