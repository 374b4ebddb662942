import { db, runStatement } from "~/db/client.server";
import { statement } from "~/db/statements.server";

/**
 * Fixed-window counters stored in the database, so every instance sees the same counts and a
 * restart forgets nothing. One atomic upsert per hit. (rate-limiter-flexible's Prisma store reads
 * then writes in two statements, which loses hits under concurrency, hence this small query.)
 */
export type RateLimitRule = { name: string; points: number; windowSeconds: number };

export const RATE_LIMITS = {
  signInAccount: { name: "signin:account", points: 8, windowSeconds: 15 * 60 },
  signInIp: { name: "signin:ip", points: 60, windowSeconds: 15 * 60 },
  generateSecrets: { name: "deploy:generate", points: 10, windowSeconds: 60 * 60 },
  preflight: { name: "deploy:preflight", points: 30, windowSeconds: 10 * 60 },
  verify: { name: "deploy:verify", points: 30, windowSeconds: 10 * 60 },
  // Shared by everyone in a workspace, on top of each person's own: more admins do not mean more probes.
  preflightWorkspace: { name: "deploy:preflight:workspace", points: 40, windowSeconds: 10 * 60 },
  verifyWorkspace: { name: "deploy:verify:workspace", points: 40, windowSeconds: 10 * 60 },
  passwordChange: { name: "account:password", points: 10, windowSeconds: 15 * 60 },
  acceptInvitation: { name: "invite:accept", points: 30, windowSeconds: 15 * 60 },
} satisfies Record<string, RateLimitRule>;

export type RateLimitResult = { allowed: boolean; remaining: number; retryAfterSeconds: number };

/** One hit on a counter: a new window starts when the last one has ended. */
const HIT = statement<{ points: number; expire: Date }>(
  "rate_limit_hit",
  `INSERT INTO "RateLimit" ("key", "points", "expire")
   VALUES ($1, 1, now() + ($2::int * interval '1 second'))
   ON CONFLICT ("key") DO UPDATE SET
     "points" = CASE WHEN "RateLimit"."expire" <= now() THEN 1 ELSE "RateLimit"."points" + 1 END,
     "expire" = CASE WHEN "RateLimit"."expire" <= now() THEN now() + ($2::int * interval '1 second') ELSE "RateLimit"."expire" END
   RETURNING "points", "expire" AT TIME ZONE 'UTC' AS "expire"`,
);

export async function hitRateLimit(rule: RateLimitRule, subject: string): Promise<RateLimitResult> {
  const rows = await runStatement(HIT, [`${rule.name}:${subject}`, rule.windowSeconds]);
  const row = rows[0]!;
  const retryAfterSeconds = Math.max(1, Math.ceil((new Date(row.expire).getTime() - Date.now()) / 1000));
  return { allowed: row.points <= rule.points, remaining: Math.max(0, rule.points - row.points), retryAfterSeconds };
}

export async function resetRateLimit(rule: Pick<RateLimitRule, "name">, subject: string) {
  await db().rateLimit.deleteMany({ where: { key: `${rule.name}:${subject}` } });
}

/**
 * A growing delay between attempts on one subject (an account's sign-ins), wherever they come
 * from: the first `freeAttempts` go through at once; after that each attempt makes the next one
 * wait twice as long as the last, up to `maxDelaySeconds`. It never locks for good: the owner can
 * always try again once the delay has passed. Attempts are forgotten `forgetSeconds` after the
 * last one; `resetRateLimit` (a successful sign-in) forgets them at once.
 */
export type DelayRule = { name: string; freeAttempts: number; maxDelaySeconds: number; forgetSeconds: number };

export const SIGN_IN_ACCOUNT_DELAY = {
  name: "signin:account-delay",
  freeAttempts: 10,
  maxDelaySeconds: 15 * 60,
  forgetSeconds: 24 * 60 * 60,
} satisfies DelayRule;

/** The wait after attempt number `attempts` (0 while attempts are free). */
export function delayAfter(rule: DelayRule, attempts: number) {
  if (attempts < rule.freeAttempts) return 0;
  return Math.min(rule.maxDelaySeconds, 2 ** (attempts - rule.freeAttempts));
}

/**
 * Claims one attempt when the subject's delay has passed, in one statement, so concurrent attempts
 * cannot all slip through the moment it ends. The row's `expire` is when the next attempt may come
 * (set as if this one fails); `points` counts attempts since the last reset. A refused attempt
 * changes nothing, so knocking while the delay runs does not lengthen it.
 */
export async function claimDelayedAttempt(rule: DelayRule, subject: string): Promise<RateLimitResult> {
  const key = `${rule.name}:${subject}`;
  const { freeAttempts: free, maxDelaySeconds: max, forgetSeconds: forget } = rule;
  // The clock, not now(): a statement that waited for another one's row lock compares with the
  // time that one wrote, which now() (the start of its own transaction) may precede.
  const claimed = await db().$queryRaw<{ points: number }[]>`
    INSERT INTO "RateLimit" ("key", "points", "expire")
    VALUES (${key}, 1, clock_timestamp() + (CASE WHEN 1 < ${free}::int THEN 0 ELSE 1 END * interval '1 second'))
    ON CONFLICT ("key") DO UPDATE SET
      "points" = CASE WHEN "RateLimit"."expire" + (${forget}::int * interval '1 second') <= clock_timestamp() THEN 1 ELSE "RateLimit"."points" + 1 END,
      "expire" = clock_timestamp() + (CASE
        WHEN "RateLimit"."expire" + (${forget}::int * interval '1 second') <= clock_timestamp() OR "RateLimit"."points" + 1 < ${free}::int THEN 0
        ELSE LEAST(${max}::int, power(2, LEAST("RateLimit"."points" + 1 - ${free}::int, 30)))
      END * interval '1 second')
    WHERE "RateLimit"."expire" <= clock_timestamp()
    RETURNING "points"`;
  if (claimed[0]) return { allowed: true, remaining: Math.max(0, free - claimed[0].points), retryAfterSeconds: 0 };
  const row = await db().rateLimit.findUnique({ where: { key }, select: { expire: true } });
  const retryAfterSeconds = row ? Math.max(1, Math.ceil((row.expire.getTime() - Date.now()) / 1000)) : 1;
  return { allowed: false, remaining: 0, retryAfterSeconds };
}

/** Marks (or checks) a subject for `days`, e.g. an address an account has signed in from. */
export async function rememberSubject(name: string, subject: string, days: number) {
  const key = `${name}:${subject}`;
  const expire = new Date(Date.now() + days * 24 * 60 * 60 * 1000);
  await db().rateLimit.upsert({ where: { key }, create: { key, points: 1, expire }, update: { expire } });
}

export async function isRemembered(name: string, subject: string) {
  const row = await db().rateLimit.findUnique({ where: { key: `${name}:${subject}` }, select: { expire: true } });
  return Boolean(row && row.expire.getTime() > Date.now());
}
