import { Authenticator } from "remix-auth";
import { FormStrategy } from "remix-auth-form";
import { db } from "~/db/client.server";
import { clientIp } from "~/http/client-ip";
import { burnPasswordCheck, verifyPassword } from "./password.server";
import { SignInSchema } from "./sign-in-schema";
import { claimDelayedAttempt, hitRateLimit, isRemembered, RATE_LIMITS, rememberSubject, resetRateLimit, SIGN_IN_ACCOUNT_DELAY } from "./rate-limit.server";

/** Addresses an account signed in from are remembered this long (in the RateLimit table). */
const KNOWN_ADDRESS = "signin:known-address";
const KNOWN_ADDRESS_DAYS = 30;

function waitText(seconds: number) {
  if (seconds < 60) return seconds === 1 ? "a second" : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? "a minute" : `${minutes} minutes`;
}

export class SignInError extends Error {
  override name = "SignInError";
  constructor(
    message: string,
    readonly status: 400 | 401 | 429,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export type SignedInUser = { id: string; email: string };

export const authenticator = new Authenticator<SignedInUser>();

authenticator.use(
  new FormStrategy(async ({ form, request }) => {
    const parsed = SignInSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) throw new SignInError(parsed.error.issues[0]?.message ?? "Check the form.", 400);
    const { email, password } = parsed.data;
    const ip = clientIp(request);
    // Every attempt counts against its address and its account-and-address pair (fixed windows).
    const [byPair, byIp] = await Promise.all([hitRateLimit(RATE_LIMITS.signInAccount, `${email}|${ip}`), hitRateLimit(RATE_LIMITS.signInIp, ip)]);
    let blocked = !byPair.allowed ? byPair : !byIp.allowed ? byIp : null;
    // And against the account wherever it comes from (a growing delay), except from an address the
    // account signed in from before: an attacker spread over many addresses cannot keep the owner
    // out from where they usually sign in. Known or not, every email (with an account or without)
    // goes through the same steps, so the answers do not tell which ones have accounts.
    if (!blocked && !(await isRemembered(KNOWN_ADDRESS, `${email}|${ip}`))) {
      const byAccount = await claimDelayedAttempt(SIGN_IN_ACCOUNT_DELAY, email);
      if (!byAccount.allowed) blocked = byAccount;
    }
    if (blocked) throw new SignInError(`Too many sign-in attempts. Try again in ${waitText(blocked.retryAfterSeconds)}.`, 429, blocked.retryAfterSeconds);

    const user = await db().user.findUnique({ where: { email }, select: { id: true, email: true, passwordHash: true } });
    if (!user) {
      await burnPasswordCheck(password);
      throw new SignInError("That email and password do not match an account.", 401);
    }
    if (!(await verifyPassword(user.passwordHash, password))) throw new SignInError("That email and password do not match an account.", 401);
    await Promise.all([
      resetRateLimit(RATE_LIMITS.signInAccount, `${email}|${ip}`),
      resetRateLimit(SIGN_IN_ACCOUNT_DELAY, email),
      rememberSubject(KNOWN_ADDRESS, `${email}|${ip}`, KNOWN_ADDRESS_DAYS),
    ]);
    return { id: user.id, email: user.email };
  }),
  "form",
);
