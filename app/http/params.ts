import { z } from "zod";

/**
 * A date given in a query parameter (`?before=`). `new Date()` accepts years from -271821 to
 * 275760; PostgreSQL stores 4713 BC to 294276 AD and Prisma refuses some in between, so a date
 * outside what the app can hold reached the database and failed there (a 500). Bounded here to
 * the years the app's own records can have.
 */
export const DATE_PARAM_MIN = new Date("1970-01-01T00:00:00.000Z");
export const DATE_PARAM_MAX = new Date("9999-12-31T23:59:59.999Z");

export const DateParamSchema = z.coerce
  .date({ errorMap: () => ({ message: "Use an ISO date such as 2026-01-31T12:00:00Z." }) })
  .min(DATE_PARAM_MIN, "Use a date from 1970 on.")
  .max(DATE_PARAM_MAX, "Use a date before the year 10000.");

/** An optional date parameter: absent or empty is `undefined`; anything else must be a date in range. */
export function parseDateParam(value: string | null): { ok: true; date: Date | undefined } | { ok: false; message: string } {
  if (value === null || value === "") return { ok: true, date: undefined };
  const parsed = DateParamSchema.safeParse(value);
  return parsed.success
    ? { ok: true, date: parsed.data }
    : { ok: false, message: parsed.error.issues[0]?.message ?? "Use an ISO date such as 2026-01-31T12:00:00Z." };
}
