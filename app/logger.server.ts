import pino, { type Logger } from "pino";

/**
 * Structured logs. Three layers keep secrets out: callers log ids and classified outcomes, never
 * values; `redact` drops the header and field paths that carry credentials; and every line is
 * scrubbed of secret values the process knows (its own keys, values it just generated).
 */

/** The process's own keys, kept for its lifetime. */
const pinned = new Set<string>();
/**
 * Values seen while serving (a tenant's generated or pasted secrets), kept only while recent: they
 * matter to the lines logged around the request that produced them. Oldest dropped first.
 */
const recent = new Set<string>();
/** One regex over every value costs about 1.7 µs a line at 150 values; past about 300, V8's regex slows twentyfold. */
export const MAX_RECENT_SECRETS = 128;
/** One matcher for all values, longest first; undefined until the next line after a change, null when there is nothing to scrub. */
let matcher: RegExp | null | undefined = null;

export function registerSecretForScrubbing(value: string | undefined | null, options: { keep?: "always" | "recent" } = {}) {
  if (!value || value.length < 8) return;
  for (const form of new Set([value, encodeURIComponent(value)])) {
    if (pinned.has(form)) continue;
    if (options.keep === "recent") {
      const known = recent.delete(form);
      recent.add(form);
      if (known) continue;
      if (recent.size > MAX_RECENT_SECRETS) recent.delete(recent.values().next().value!);
    } else {
      recent.delete(form);
      pinned.add(form);
    }
    matcher = undefined;
  }
}

/** How many values are scrubbed now (for the tests). */
export function scrubbedSecretCount() {
  return pinned.size + recent.size;
}

function secretMatcher(): RegExp | null {
  if (matcher === undefined) {
    const values = [...pinned, ...recent].sort((a, b) => b.length - a.length);
    matcher = values.length ? new RegExp(values.map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g") : null;
  }
  return matcher;
}

export function scrubSecrets(text: string): string {
  const known = secretMatcher();
  const out = known ? text.replace(known, "[REDACTED]") : text;
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
