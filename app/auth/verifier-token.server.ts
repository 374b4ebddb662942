import { randomUUID } from "node:crypto";
import { SignJWT, jwtVerify, errors } from "jose";

/**
 * The verification token contract: HS256, aud = the app URL exactly as configured, iat, exp at
 * most five minutes after iat, jti, sub = deploy-verifier, scope = deploy:verify.
 * The platform signs with the tenant's JWT_SECRET; the live instance verifies with its own.
 * This module checks the signature and the claims only; that a jti is used once is the caller's
 * job (app/auth/verifier-replay.server.ts).
 */
export const VERIFIER_SUBJECT = "deploy-verifier";
export const VERIFIER_SCOPE = "deploy:verify";
export const MAX_VERIFIER_TTL_SECONDS = 300;
/** How far the signer's clock may be off from ours, both ways. */
export const VERIFIER_CLOCK_TOLERANCE_SECONDS = 30;
const MAX_JTI_LENGTH = 200;

export async function signVerifierToken(input: { secret: Buffer; audience: string; ttlSeconds?: number; now?: Date; scope?: string }) {
  const ttl = Math.min(input.ttlSeconds ?? 120, MAX_VERIFIER_TTL_SECONDS);
  const iat = Math.floor((input.now ?? new Date()).getTime() / 1000);
  return new SignJWT({ scope: input.scope ?? VERIFIER_SCOPE })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(VERIFIER_SUBJECT)
    .setAudience(input.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttl)
    .setJti(randomUUID())
    .sign(input.secret);
}

/**
 * Why a token was refused, as a code the signer can act on (never secret material): `audience`
 * means the signature matched this instance's JWT_SECRET but the token was made for another URL
 * (this instance's APP_URL differs from the address it was called at); `signature` means the
 * secrets differ; `no_secret` that this instance has no JWT_SECRET at all.
 */
export type VerifierRefusal = "no_secret" | "signature" | "expired" | "audience" | "claims" | "scope" | "lifetime" | "jti" | "algorithm" | "malformed";

/** On success: the token's jti and the moment after which this instance refuses the token anyway (exp plus the tolerance). */
export type VerifierTokenResult = { ok: true; jti: string; usableUntil: Date } | { ok: false; code: VerifierRefusal; reason: string };

export async function verifyVerifierToken(
  token: string,
  input: { secret: Buffer; audience: string; now?: Date; scope?: string },
): Promise<VerifierTokenResult> {
  if (input.secret.length === 0) return { ok: false, code: "no_secret", reason: "this instance has no JWT_SECRET" };
  try {
    const { payload } = await jwtVerify(token, input.secret, {
      algorithms: ["HS256"],
      audience: input.audience,
      subject: VERIFIER_SUBJECT,
      requiredClaims: ["iat", "exp", "jti"],
      clockTolerance: VERIFIER_CLOCK_TOLERANCE_SECONDS,
      // Also refuses an iat further in the future than the tolerance: exp - iat alone bounds nothing
      // when a token says it was issued in ten years.
      maxTokenAge: MAX_VERIFIER_TTL_SECONDS,
      currentDate: input.now,
    });
    if (payload.scope !== (input.scope ?? VERIFIER_SCOPE)) return { ok: false, code: "scope", reason: "wrong scope" };
    if (payload.exp! - payload.iat! > MAX_VERIFIER_TTL_SECONDS) return { ok: false, code: "lifetime", reason: "lifetime longer than five minutes" };
    const jti = payload.jti;
    if (typeof jti !== "string" || jti.length === 0 || jti.length > MAX_JTI_LENGTH) return { ok: false, code: "jti", reason: "claim jti is not acceptable" };
    return { ok: true, jti, usableUntil: new Date((payload.exp! + VERIFIER_CLOCK_TOLERANCE_SECONDS) * 1000) };
  } catch (error) {
    if (error instanceof errors.JWSSignatureVerificationFailed)
      return { ok: false, code: "signature", reason: "signature does not match this instance's JWT_SECRET" };
    if (error instanceof errors.JWTExpired) return { ok: false, code: "expired", reason: "token expired" };
    if (error instanceof errors.JWTClaimValidationFailed) {
      return {
        ok: false,
        code: error.claim === "aud" ? "audience" : "claims",
        reason: error.claim === "aud" ? "the token is for another address than this instance's APP_URL" : `claim ${error.claim} is not acceptable`,
      };
    }
    if (error instanceof errors.JOSEAlgNotAllowed) return { ok: false, code: "algorithm", reason: "algorithm not allowed" };
    return { ok: false, code: "malformed", reason: "malformed token" };
  }
}

export function looksLikeJwt(token: string) {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}
