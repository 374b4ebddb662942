import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import ipaddr from "ipaddr.js";
import { z } from "zod";
import { parseKeyMaterial } from "./crypto/key-material.server";
import { makePrivateDir, PRIVATE_FILE_MODE, tighten } from "./db/private-files.server";
import { registerSecretForScrubbing } from "./logger.server";

const ENV_KEY = Symbol.for("go-live.env");

/**
 * The environment, parsed once, by whoever needs it first. Code reads `getEnv()`, never process.env.
 * With DATABASE_URL unset the app runs on embedded PGlite in DATA_DIR and creates its own
 * secrets there on first start; with an external database every secret must be given.
 */
const secret = (name: string) =>
  z
    .string()
    .optional()
    .superRefine((value, ctx) => {
      if (value === undefined) return;
      const parsed = parseKeyMaterial(value);
      if (!parsed.ok) ctx.addIssue({ code: "custom", message: `${name} ${parsed.reason}` });
    });

const booleanFlag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((value) => value === "true" || value === "1");

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .optional()
    .transform((value) => (value ? value : undefined))
    .refine((value) => value === undefined || /^postgres(ql)?:\/\//.test(value), "DATABASE_URL must start with postgresql://"),
  APP_URL: z
    .string()
    .optional()
    .transform((value) => (value ? value.replace(/\/+$/, "") : undefined))
    .refine((value) => value === undefined || /^https?:\/\/[^/?#]+$/.test(value), "APP_URL must be an origin such as https://app.example.com"),
  ENCRYPTION_KEY: secret("ENCRYPTION_KEY"),
  ENCRYPTION_KEY_PREVIOUS: z.string().optional(),
  SESSION_SECRET: secret("SESSION_SECRET"),
  JWT_SECRET: secret("JWT_SECRET"),
  ALLOW_LOCAL_TARGETS: booleanFlag,
  SEED_DEMO: z.enum(["true", "false"]).optional(),
  // "instance": a tenant's own deployment (the env bundle sets it), serving one workspace; "platform": the multi-tenant app with the Deploy Wizard.
  GOLIVE_MODE: z.enum(["platform", "instance"]).default("platform"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // How many reverse proxies stand in front of the app: the client address is taken that many hops
  // from the right of X-Forwarded-For, so a client cannot choose its own (as it could with "true").
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((value) => (value === "true" ? 1 : value === "false" || !value ? 0 : Number(value)))
    .refine((value) => Number.isInteger(value) && value >= 0 && value <= 10, "TRUST_PROXY must be the number of proxies in front of the app (0–10)"),
  DEPLOY_CHECK_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(5_000),
  // Connections each instance keeps to PostgreSQL: instances × this must stay under the server's max_connections.
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(30).max(3650).default(365),
  // Stay LIVE (app/deploy/monitor/): the shortest interval between two scheduled checks of one workspace.
  // Below 60 s it is a setting for local runs and tests: every LIVE workspace is then checked that often.
  LIVE_CHECK_INTERVAL_SECONDS: z.coerce.number().int().min(10).max(3600).default(60),
  // How long a live URL that does not answer is retried before the check fails (free plans sleep).
  LIVE_WAKE_SECONDS: z.coerce.number().int().min(0).max(120).default(60),
  // Scheduled checks one platform process runs at once.
  LIVE_CHECK_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(16),
  // Where a workspace creates its app from (a repository URL or a container image), shown in the wizard's host checklist.
  GOLIVE_SOURCE: z
    .string()
    .optional()
    .transform((value) => value?.trim() || undefined)
    .refine(
      (value) => value === undefined || (value.length <= 300 && !/[\s<>"]/.test(value)),
      "GOLIVE_SOURCE must be a repository URL or an image name (no spaces), such as https://github.com/acme/go-live or ghcr.io/acme/go-live:latest",
    ),
});

export type Env = {
  nodeEnv: "development" | "production" | "test";
  port: number;
  host: string;
  dataDir: string;
  database: { kind: "pglite"; dir: string } | { kind: "postgres"; url: string; poolSize?: number };
  appUrl: string;
  /** "platform" (many workspaces, the Deploy Wizard) or "instance" (a tenant's own deployment of one workspace). */
  mode: "platform" | "instance";
  secureCookies: boolean;
  encryptionKey: Buffer;
  previousEncryptionKeys: Buffer[];
  sessionSecret: string;
  jwtSecret: Buffer;
  allowLocalTargets: boolean;
  seedDemo: boolean;
  logLevel: string;
  trustProxy: number;
  /** The repository or image the operator publishes for workspaces to deploy (GOLIVE_SOURCE), or null. */
  source: string | null;
  /** How long audit rows are kept (app/db/retention.server.ts). */
  auditRetentionDays: number;
  /** Bound on each outbound pre-flight or verification call (connect + answer). */
  checkTimeoutMs: number;
  /** Stay LIVE: the operator's floor for the check interval (seconds), the wake-up window, checks run at once. */
  liveCheckIntervalSeconds: number;
  liveWakeSeconds: number;
  liveCheckConcurrency: number;
  /** The platform's own mail server for alerts (SMTP_URL), or null: mail then waits in the outbox table. */
  smtpUrl: string | null;
  /** With an external database (a deployed instance): variables it needs that are not set; /ready names them. */
  missingForDeployment: string[];
  /** Secrets created on this start (embedded database only): printed as a notice, never their values. */
  createdSecretsFile: string | null;
  /** The module keys set in the environment (a tenant's instance uses them; /api/dashboard/stats names them by fingerprint only). */
  moduleKeys: Partial<Record<(typeof MODULE_KEY_NAMES)[number], string>>;
};

/** The keys of the optional modules, as the Deploy Wizard's step E names them. */
export const MODULE_KEY_NAMES = ["OPENAI_API_KEY", "SMTP_URL", "EMAIL_API_KEY", "PAYMENTS_SECRET_KEY", "PAYMENTS_WEBHOOK_SECRET"] as const;

export class EnvError extends Error {
  override name = "EnvError";
  constructor(readonly problems: string[]) {
    super(`The environment is not usable:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

const GENERATED = ["ENCRYPTION_KEY", "SESSION_SECRET", "JWT_SECRET"] as const;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ` : "") + issue.message));
  }
  const raw = result.data;
  const dataDir = path.resolve(raw.DATA_DIR);
  const appUrl = raw.APP_URL ?? `http://localhost:${raw.PORT}`;
  const seedDemo = raw.SEED_DEMO ? raw.SEED_DEMO === "true" : !raw.DATABASE_URL;
  if (seedDemo && !isLoopbackOrigin(appUrl)) {
    throw new EnvError([
      `SEED_DEMO: the demo seed creates users with a published password, so it runs only when APP_URL is a loopback address (localhost, 127.0.0.1, [::1]); APP_URL is ${appUrl}. ` +
        (raw.SEED_DEMO ? "Set SEED_DEMO=false." : "It is on by default with the embedded database: set SEED_DEMO=false."),
    ]);
  }
  let createdSecretsFile: string | null = null;
  const secrets: Record<(typeof GENERATED)[number], string | undefined> = {
    ENCRYPTION_KEY: raw.ENCRYPTION_KEY,
    SESSION_SECRET: raw.SESSION_SECRET,
    JWT_SECRET: raw.JWT_SECRET,
  };

  if (raw.DATABASE_URL) {
    const missing = (["ENCRYPTION_KEY", "SESSION_SECRET"] as const).filter((name) => !secrets[name]);
    if (missing.length) {
      throw new EnvError(missing.map((name) => `${name} is required with an external DATABASE_URL (generate one: openssl rand -base64 32)`));
    }
  } else {
    // Owner-only, also when an older version created it wider (app/db/private-files.server.ts).
    makePrivateDir(dataDir);
    const file = path.join(dataDir, "secrets.json");
    const stored = readSecretsFile(file);
    let changed = false;
    for (const name of GENERATED) {
      if (secrets[name]) continue;
      if (!stored[name]) {
        stored[name] = randomBytes(32).toString("base64");
        changed = true;
      }
      secrets[name] = stored[name];
    }
    if (changed) {
      writeFileSync(file, JSON.stringify(stored, null, 2) + "\n", { mode: PRIVATE_FILE_MODE });
      createdSecretsFile = file;
    }
    tighten(file, PRIVATE_FILE_MODE);
  }

  const key = (value: string | undefined) => (value ? (parseKeyMaterial(value) as { ok: true; bytes: Buffer }).bytes : undefined);
  const previous = (raw.ENCRYPTION_KEY_PREVIOUS ?? "")
    .split(",")
    .map((value) => value.trim())
    .filter(Boolean)
    .map((value, index) => {
      const parsed = parseKeyMaterial(value);
      if (!parsed.ok) throw new EnvError([`ENCRYPTION_KEY_PREVIOUS entry ${index + 1} ${parsed.reason}`]);
      return parsed.bytes;
    });

  return {
    nodeEnv: raw.NODE_ENV,
    port: raw.PORT,
    host: raw.HOST,
    dataDir,
    database: raw.DATABASE_URL
      ? { kind: "postgres", url: raw.DATABASE_URL, poolSize: raw.DATABASE_POOL_SIZE }
      : { kind: "pglite", dir: path.join(dataDir, "pglite") },
    appUrl,
    mode: raw.GOLIVE_MODE,
    secureCookies: appUrl.startsWith("https://"),
    encryptionKey: key(secrets.ENCRYPTION_KEY)!,
    previousEncryptionKeys: previous,
    sessionSecret: secrets.SESSION_SECRET!,
    // JWT_SECRET is optional with an external database: without it the instance accepts no verifier tokens.
    jwtSecret: key(secrets.JWT_SECRET) ?? Buffer.alloc(0),
    allowLocalTargets: raw.ALLOW_LOCAL_TARGETS,
    seedDemo,
    logLevel: raw.LOG_LEVEL,
    trustProxy: raw.TRUST_PROXY,
    checkTimeoutMs: raw.DEPLOY_CHECK_TIMEOUT_MS,
    auditRetentionDays: raw.AUDIT_RETENTION_DAYS,
    source: raw.GOLIVE_SOURCE ?? null,
    liveCheckIntervalSeconds: raw.LIVE_CHECK_INTERVAL_SECONDS,
    liveWakeSeconds: raw.LIVE_WAKE_SECONDS,
    liveCheckConcurrency: raw.LIVE_CHECK_CONCURRENCY,
    smtpUrl: source.SMTP_URL?.trim() || null,
    missingForDeployment: raw.DATABASE_URL
      ? [raw.JWT_SECRET ? null : "JWT_SECRET", raw.APP_URL ? null : "APP_URL"].filter((name): name is string => name !== null)
      : [],
    createdSecretsFile,
    moduleKeys: Object.fromEntries(MODULE_KEY_NAMES.flatMap((name) => (source[name]?.trim() ? [[name, source[name]!.trim()]] : []))),
  };
}

/** localhost, 127.0.0.0/8 or ::1 (also written as an IPv4-mapped address): a URL only this machine reaches. */
export function isLoopbackOrigin(origin: string) {
  let hostname: string;
  try {
    hostname = new URL(origin).hostname.replace(/^\[(.*)\]$/, "$1");
  } catch {
    return false;
  }
  if (hostname === "localhost") return true;
  if (!ipaddr.isValid(hostname)) return false;
  return ipaddr.process(hostname).range() === "loopback";
}

function readSecretsFile(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const parsed = z.record(z.string()).safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) throw new EnvError([`${file} is not a JSON object of strings; delete it to create new secrets`]);
  return parsed.data;
}

/**
 * One environment per process, kept on globalThis: in development Vite re-evaluates this module
 * when it (or what it imports) changes, and the new copy must not parse again (a second parse
 * would create the embedded database's secrets file a second time if the first had not written it).
 */
const holder = ((globalThis as { [ENV_KEY]?: { current?: Env } })[ENV_KEY] ??= {});

/** Parses the environment and makes it the process's; its secrets are kept out of the logs. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const env = parseEnv(source);
  for (const value of [env.sessionSecret, env.encryptionKey.toString("base64"), env.jwtSecret.toString("base64")]) registerSecretForScrubbing(value);
  if (env.database.kind === "postgres") registerSecretForScrubbing(urlPassword(env.database.url));
  for (const value of Object.values(env.moduleKeys)) registerSecretForScrubbing(value);
  // An SMTP error can quote the server's answer to AUTH; the password alone is scrubbed as well as the whole URL.
  if (env.smtpUrl) registerSecretForScrubbing(urlPassword(env.smtpUrl));
  holder.current = env;
  return env;
}

/** The environment, parsed from process.env by the first caller; throws EnvError listing every problem. */
export function getEnv(): Env {
  return holder.current ?? loadEnv();
}

/** For tests: install a parsed environment without touching process.env. */
export function setEnvForTests(env: Env) {
  holder.current = env;
}

function urlPassword(url: string) {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return undefined;
  }
}
