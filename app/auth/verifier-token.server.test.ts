import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { signVerifierToken, verifyVerifierToken } from "./verifier-token.server";

const secret = Buffer.alloc(32, 3);
const audience = "https://acme.onrender.com";

describe("verification tokens", () => {
  it("round-trips with the same secret and audience, with the claims of the contract", async () => {
    const token = await signVerifierToken({ secret, audience });
    const [header, payload] = token
      .split(".")
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, "base64url").toString()));
    expect(header.alg).toBe("HS256");
    expect(payload).toMatchObject({ aud: audience, sub: "deploy-verifier", scope: "deploy:verify" });
    expect(payload.exp - payload.iat).toBeLessThanOrEqual(300);
    expect(typeof payload.jti).toBe("string");
    expect(await verifyVerifierToken(token, { secret, audience })).toMatchObject({ ok: true });
  });

  it("refuses a token signed with another secret (the 'wrong secrets' path)", async () => {
    const token = await signVerifierToken({ secret: Buffer.alloc(32, 4), audience });
    expect(await verifyVerifierToken(token, { secret, audience })).toEqual({
      ok: false,
      code: "signature",
      reason: "signature does not match this instance's JWT_SECRET",
    });
  });

  it("refuses another audience, even one differing only by a trailing slash, with the code that tells it from a wrong secret", async () => {
    const token = await signVerifierToken({ secret, audience: `${audience}/` });
    expect(await verifyVerifierToken(token, { secret, audience })).toMatchObject({ ok: false, code: "audience" });
    // Another secret and another audience: the signature is checked first, so this is a wrong secret.
    const both = await signVerifierToken({ secret: Buffer.alloc(32, 4), audience: `${audience}/` });
    expect(await verifyVerifierToken(both, { secret, audience })).toMatchObject({ ok: false, code: "signature" });
  });

  it("a token of another scope is refused where the verifier's is expected, and accepted only where its own is", async () => {
    const handover = await signVerifierToken({ secret, audience, scope: "deploy:handover" });
    expect(await verifyVerifierToken(handover, { secret, audience })).toMatchObject({ ok: false, code: "scope" });
    expect(await verifyVerifierToken(handover, { secret, audience, scope: "deploy:handover" })).toMatchObject({ ok: true });
    const verify = await signVerifierToken({ secret, audience });
    expect(await verifyVerifierToken(verify, { secret, audience, scope: "deploy:handover" })).toMatchObject({ ok: false, code: "scope" });
  });

  it("refuses expired tokens, lifetimes over five minutes, wrong scope and other algorithms", async () => {
    const old = await signVerifierToken({ secret, audience, now: new Date(Date.now() - 10 * 60_000) });
    expect(await verifyVerifierToken(old, { secret, audience })).toMatchObject({ ok: false, code: "expired", reason: "token expired" });
    const now = Math.floor(Date.now() / 1000);
    const long = await new SignJWT({ scope: "deploy:verify" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("deploy-verifier")
      .setAudience(audience)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .setJti("x")
      .sign(secret);
    expect(await verifyVerifierToken(long, { secret, audience })).toMatchObject({ ok: false });
    const scope = await new SignJWT({ scope: "admin" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("deploy-verifier")
      .setAudience(audience)
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .setJti("x")
      .sign(secret);
    expect(await verifyVerifierToken(scope, { secret, audience })).toMatchObject({ ok: false, reason: "wrong scope" });
    const hs512 = await new SignJWT({ scope: "deploy:verify" })
      .setProtectedHeader({ alg: "HS512" })
      .setSubject("deploy-verifier")
      .setAudience(audience)
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .setJti("x")
      .sign(Buffer.alloc(64, 3));
    expect(await verifyVerifierToken(hs512, { secret, audience })).toMatchObject({ ok: false });
    const none = `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${Buffer.from(JSON.stringify({ aud: audience, sub: "deploy-verifier", scope: "deploy:verify" })).toString("base64url")}.`;
    expect(await verifyVerifierToken(none, { secret, audience })).toMatchObject({ ok: false });
  });

  it("accepts nothing when the instance has no JWT_SECRET", async () => {
    const token = await signVerifierToken({ secret, audience });
    expect(await verifyVerifierToken(token, { secret: Buffer.alloc(0), audience })).toMatchObject({ ok: false, code: "no_secret" });
  });

  describe("the clock bounds the lifetime, not only exp - iat", () => {
    const at = (iat: number, claims: { exp?: number; jti?: unknown } = {}) =>
      // The constructor takes any claims: a jti that is not a string gets through to the verifier.
      new SignJWT({ scope: "deploy:verify", ...(claims.jti !== undefined ? ({ jti: claims.jti } as Record<string, unknown>) : {}) })
        .setProtectedHeader({ alg: "HS256" })
        .setSubject("deploy-verifier")
        .setAudience(audience)
        .setIssuedAt(iat)
        .setExpirationTime(claims.exp ?? iat + 300)
        .sign(secret);
    const now = Math.floor(Date.now() / 1000);
    const tenYears = 10 * 365 * 24 * 3600;

    it.each([
      ["ten years ahead", tenYears, false],
      ["an hour ahead", 3600, false],
      ["31 s ahead", 31, false],
      ["29 s ahead (within the tolerance)", 29, true],
      ["now", 0, true],
      ["four minutes ago", -240, true],
    ])("iat %s: accepted = %s", async (_name, offset, accepted) => {
      const result = await verifyVerifierToken(await at(now + offset, { jti: "j-1" }), { secret, audience, now: new Date(now * 1000) });
      expect(result.ok, JSON.stringify(result)).toBe(accepted);
      if (!accepted) expect(result).toEqual({ ok: false, code: "claims", reason: "claim iat is not acceptable" });
    });

    it("a token from the future stays refused until its iat comes within the tolerance", async () => {
      const token = await at(now + 3600, { jti: "j-2" });
      expect((await verifyVerifierToken(token, { secret, audience, now: new Date((now + 3000) * 1000) })).ok).toBe(false);
      expect((await verifyVerifierToken(token, { secret, audience, now: new Date((now + 3580) * 1000) })).ok).toBe(true);
    });

    it("says until when the token is usable (exp plus the tolerance), which is how long its jti must be remembered", async () => {
      const result = await verifyVerifierToken(await at(now, { exp: now + 120, jti: "j-3" }), { secret, audience, now: new Date(now * 1000) });
      expect(result).toEqual({ ok: true, jti: "j-3", usableUntil: new Date((now + 150) * 1000) });
      // And it is refused from that moment on.
      expect((await verifyVerifierToken(await at(now, { exp: now + 120, jti: "j-3" }), { secret, audience, now: new Date((now + 150) * 1000) })).ok).toBe(
        false,
      );
    });

    it.each([
      ["a number", 42],
      ["empty", ""],
      ["an object", { a: 1 }],
      ["201 characters", "x".repeat(201)],
    ])("refuses a jti that is %s", async (_name, jti) => {
      expect(await verifyVerifierToken(await at(now, { jti }), { secret, audience })).toEqual({
        ok: false,
        code: "jti",
        reason: "claim jti is not acceptable",
      });
    });
  });
});
