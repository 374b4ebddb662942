import { db } from "~/db/client.server";

/**
 * A verification token is good for one request. The jtis this instance accepted are kept in the
 * database until the tokens could no longer be accepted anyway, so every instance sharing the
 * database refuses a second use, and a restart forgets nothing. One INSERT … ON CONFLICT DO NOTHING
 * decides: of two concurrent uses, on one instance or two, exactly one inserts the row.
 */
const SWEEP_BATCH = 100;

/** True when this is the first use of `jti`; false when it was used before (refuse the token). */
export async function spendVerifierToken(jti: string, usableUntil: Date): Promise<boolean> {
  // Expired rows go first, a bounded batch per use; SKIP LOCKED lets concurrent sweeps pass each other.
  await db().$executeRaw`
    DELETE FROM "VerifierTokenUse" WHERE "jti" IN (
      SELECT "jti" FROM "VerifierTokenUse" WHERE "expiresAt" < (now() AT TIME ZONE 'UTC')
      LIMIT ${SWEEP_BATCH} FOR UPDATE SKIP LOCKED)`;
  // The column is a timestamp without time zone holding UTC, as Prisma writes it.
  const inserted = await db().$executeRaw`
    INSERT INTO "VerifierTokenUse" ("jti", "expiresAt")
    VALUES (${jti}, to_timestamp(${usableUntil.getTime() / 1000}::double precision) AT TIME ZONE 'UTC')
    ON CONFLICT ("jti") DO NOTHING`;
  return inserted === 1;
}
