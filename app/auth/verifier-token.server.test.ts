import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { signVerifierToken, verifyVerifierToken } from "./verifier-token.server";

const secret = Buffer.alloc(32, 3);
const audience = "https://acme.onrender.com";

describe("verification tokens", () => {
  it("round-trips with the same secret and audience, with the claims of the contract", async () => {
    const token = await signVerifierToken({ secret, audience });
    const [header, payload] = token.split(".").slice(0, 2).map((part) => JSON.parse(Buffer.from(part, "base64url").toString()));
    expect(header.alg).toBe("HS256");
    expect(payload).toMatchObject({ aud: audience, sub: "deploy-verifier", scope: "deploy:verify" });
    expect(payload.exp - payload.iat).toBeLessThanOrEqual(300);
    expect(typeof payload.jti).toBe("string");
    expect(await verifyVerifierToken(token, { secret, audience })).toMatchObject({ ok: true });
  });

  it("refuses a token signed with another secret (the 'wrong secrets' path)", async () => {
    const token = await signVerifierToken({ secret: Buffer.alloc(32, 4), audience });
    expect(await verifyVerifierToken(token, { secret, audience })).toEqual({ ok: false, reason: "signature does not match this instance's JWT_SECRET" });
  });

  it("refuses another audience, even one differing only by a trailing slash", async () => {
    const token = await signVerifierToken({ secret, audience: `${audience}/` });
    expect(await verifyVerifierToken(token, { secret, audience })).toMatchObject({ ok: false, reason: "claim aud is not acceptable" });
  });

  it("refuses expired tokens, lifetimes over five minutes, wrong scope and other algorithms", async () => {
    const old = await signVerifierToken({ secret, audience, now: new Date(Date.now() - 10 * 60_000) });
    expect(await verifyVerifierToken(old, { secret, audience })).toMatchObject({ ok: false, reason: "token expired" });
    const now = Math.floor(Date.now() / 1000);
    const long = await new SignJWT({ scope: "deploy:verify" }).setProtectedHeader({ alg: "HS256" }).setSubject("deploy-verifier").setAudience(audience).setIssuedAt(now).setExpirationTime(now + 3600).setJti("x").sign(secret);
    expect(await verifyVerifierToken(long, { secret, audience })).toMatchObject({ ok: false });
    const scope = await new SignJWT({ scope: "admin" }).setProtectedHeader({ alg: "HS256" }).setSubject("deploy-verifier").setAudience(audience).setIssuedAt(now).setExpirationTime(now + 60).setJti("x").sign(secret);
    expect(await verifyVerifierToken(scope, { secret, audience })).toMatchObject({ ok: false, reason: "wrong scope" });
    const hs512 = await new SignJWT({ scope: "deploy:verify" }).setProtectedHeader({ alg: "HS512" }).setSubject("deploy-verifier").setAudience(audience).setIssuedAt(now).setExpirationTime(now + 60).setJti("x").sign(Buffer.alloc(64, 3));
    expect(await verifyVerifierToken(hs512, { secret, audience })).toMatchObject({ ok: false });
    const none = `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${Buffer.from(JSON.stringify({ aud: audience, sub: "deploy-verifier", scope: "deploy:verify" })).toString("base64url")}.`;
    expect(await verifyVerifierToken(none, { secret, audience })).toMatchObject({ ok: false });
  });

  it("accepts nothing when the instance has no JWT_SECRET", async () => {
    const token = await signVerifierToken({ secret, audience });
    expect(await verifyVerifierToken(token, { secret: Buffer.alloc(0), audience })).toMatchObject({ ok: false });
  });
});
