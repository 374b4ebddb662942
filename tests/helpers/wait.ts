/** Polls `what` every 200 ms until it holds or `ms` have passed; the last answer either way. */
export async function waitFor(what: () => Promise<boolean>, ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await what()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return what();
}

/** A fixed scheduled slot `n` minutes after 2026-12-05 14:00 UTC, for checks that are not run by the scheduler. */
export const minutes = (n: number) => new Date(Date.UTC(2026, 11, 5, 14, 0) + n * 60_000);
