import { randomUUID } from "node:crypto";
import { SignJWT, jwtVerify, errors } from "jose";

/**
 * The verification token contract (DESIGN §6): HS256, aud = the app URL exactly as configured,
 * iat, exp at most five minutes after iat, jti, sub = deploy-verifier, scope = deploy:verify.
 * The platform signs with the tenant's JWT_SECRET; the live instance verifies with its own.
 */
export const VERIFIER_SUBJECT = "deploy-verifier";
export const VERIFIER_SCOPE = "deploy:verify";
export const MAX_VERIFIER_TTL_SECONDS = 300;

export async function signVerifierToken(input: { secret: Buffer; audience: string; ttlSeconds?: number; now?: Date }) {
  const ttl = Math.min(input.ttlSeconds ?? 120, MAX_VERIFIER_TTL_SECONDS);
  const iat = Math.floor((input.now ?? new Date()).getTime() / 1000);
  return new SignJWT({ scope: VERIFIER_SCOPE })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(VERIFIER_SUBJECT)
    .setAudience(input.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttl)
    .setJti(randomUUID())
    .sign(input.secret);
}

export type VerifierTokenResult = { ok: true; jti: string } | { ok: false; reason: string };

export async function verifyVerifierToken(token: string, input: { secret: Buffer; audience: string }): Promise<VerifierTokenResult> {
  if (input.secret.length === 0) return { ok: false, reason: "this instance has no JWT_SECRET" };
  try {
    const { payload } = await jwtVerify(token, input.secret, {
      algorithms: ["HS256"],
      audience: input.audience,
      subject: VERIFIER_SUBJECT,
      requiredClaims: ["iat", "exp", "jti"],
      clockTolerance: 30,
    });
    if (payload.scope !== VERIFIER_SCOPE) return { ok: false, reason: "wrong scope" };
    if (payload.exp! - payload.iat! > MAX_VERIFIER_TTL_SECONDS) return { ok: false, reason: "lifetime longer than five minutes" };
    return { ok: true, jti: payload.jti! };
  } catch (error) {
    if (error instanceof errors.JWSSignatureVerificationFailed) return { ok: false, reason: "signature does not match this instance's JWT_SECRET" };
    if (error instanceof errors.JWTExpired) return { ok: false, reason: "token expired" };
    if (error instanceof errors.JWTClaimValidationFailed) return { ok: false, reason: `claim ${error.claim} is not acceptable` };
    if (error instanceof errors.JOSEAlgNotAllowed) return { ok: false, reason: "algorithm not allowed" };
    return { ok: false, reason: "malformed token" };
  }
}

export function looksLikeJwt(token: string) {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}
