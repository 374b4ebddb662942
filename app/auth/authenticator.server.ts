import { Authenticator } from "remix-auth";
import { FormStrategy } from "remix-auth-form";
import { db } from "~/db/client.server";
import { CLIENT_IP_HEADER } from "~/tenancy/context.server";
import { burnPasswordCheck, verifyPassword } from "./password.server";
import { SignInSchema } from "./sign-in-schema";
import { hitRateLimit, RATE_LIMITS, resetRateLimit } from "./rate-limit.server";


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
    const ip = request.headers.get(CLIENT_IP_HEADER) ?? "unknown";
    // Both limits count every attempt; the per-account one is cleared by a successful sign-in.
    const [byAccount, byIp] = await Promise.all([hitRateLimit(RATE_LIMITS.signInAccount, `${email}|${ip}`), hitRateLimit(RATE_LIMITS.signInIp, ip)]);
    const blocked = !byAccount.allowed ? byAccount : !byIp.allowed ? byIp : null;
    if (blocked) throw new SignInError(`Too many sign-in attempts. Try again in ${Math.ceil(blocked.retryAfterSeconds / 60)} minutes.`, 429, blocked.retryAfterSeconds);

    const user = await db().user.findUnique({ where: { email }, select: { id: true, email: true, passwordHash: true } });
    if (!user) {
      await burnPasswordCheck(password);
      throw new SignInError("That email and password do not match an account.", 401);
    }
    if (!(await verifyPassword(user.passwordHash, password))) throw new SignInError("That email and password do not match an account.", 401);
    await resetRateLimit(RATE_LIMITS.signInAccount, `${email}|${ip}`);
    return { id: user.id, email: user.email };
  }),
  "form",
);
