import { db } from "~/db/client.server";

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

export async function hitRateLimit(rule: RateLimitRule, subject: string): Promise<RateLimitResult> {
  const key = `${rule.name}:${subject}`;
  const rows = await db().$queryRaw<{ points: number; expire: Date }[]>`
    INSERT INTO "RateLimit" ("key", "points", "expire")
    VALUES (${key}, 1, now() + (${rule.windowSeconds}::int * interval '1 second'))
    ON CONFLICT ("key") DO UPDATE SET
      "points" = CASE WHEN "RateLimit"."expire" <= now() THEN 1 ELSE "RateLimit"."points" + 1 END,
      "expire" = CASE WHEN "RateLimit"."expire" <= now() THEN now() + (${rule.windowSeconds}::int * interval '1 second') ELSE "RateLimit"."expire" END
    RETURNING "points", "expire"`;
  const row = rows[0]!;
  const retryAfterSeconds = Math.max(1, Math.ceil((new Date(row.expire).getTime() - Date.now()) / 1000));
  return { allowed: row.points <= rule.points, remaining: Math.max(0, rule.points - row.points), retryAfterSeconds };
}

export async function resetRateLimit(rule: RateLimitRule, subject: string) {
  await db().rateLimit.deleteMany({ where: { key: `${rule.name}:${subject}` } });
}
