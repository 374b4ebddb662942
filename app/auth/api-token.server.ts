import { createHash, randomBytes } from "node:crypto";
import { LRUCache } from "lru-cache";
import { db } from "~/db/client.server";

/**
 * Personal API tokens: `glpat_` + 30 random bytes (base62) + a 6-character CRC32 checksum, so a
 * secret scanner can recognise one offline (GitHub's token format). Only the SHA-256 digest is
 * stored; the token is shown once.
 */
export const TOKEN_PREFIX = "glpat_";
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function toBase62(bytes: Buffer, length: number) {
  let value = BigInt("0x" + bytes.toString("hex"));
  let out = "";
  while (out.length < length) {
    out = BASE62[Number(value % 62n)] + out;
    value /= 62n;
  }
  return out;
}

function crc32(text: string) {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text)) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function checksum(body: string) {
  return toBase62(Buffer.from(crc32(body).toString(16).padStart(8, "0"), "hex"), 6);
}

export function generateApiToken() {
  const body = toBase62(randomBytes(30), 40);
  return `${TOKEN_PREFIX}${body}${checksum(body)}`;
}

/** Cheap offline check before any database work: prefix, length, alphabet and checksum. */
export function isWellFormedApiToken(token: string) {
  if (!token.startsWith(TOKEN_PREFIX) || token.length !== TOKEN_PREFIX.length + 46) return false;
  const rest = token.slice(TOKEN_PREFIX.length);
  if (!/^[0-9A-Za-z]+$/.test(rest)) return false;
  return checksum(rest.slice(0, 40)) === rest.slice(40);
}

export function hashApiToken(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

export async function createApiToken(input: { tenantId: string; userId: string; name: string }) {
  const token = generateApiToken();
  const row = await db().apiToken.create({
    data: { tenantId: input.tenantId, userId: input.userId, name: input.name, tokenHash: hashApiToken(token), lastFour: token.slice(-4) },
    select: { id: true, name: true, lastFour: true, createdAt: true },
  });
  return { token, row };
}

const USE_RECORDED_EVERY_MS = 60_000;
/** When this process last recorded each token's use: requests that arrive together with the same
 * token read the same last use, and only the first of them writes. */
const usesRecorded = new LRUCache<string, number>({ max: 10_000 });

/** Last use is recorded at most once a minute, to keep hot API paths free of writes. */
export async function recordUse(row: { id: string; lastUsedAt: Date | null }) {
  const now = Date.now();
  const last = Math.max(row.lastUsedAt?.getTime() ?? 0, usesRecorded.get(row.id) ?? 0);
  if (now - last <= USE_RECORDED_EVERY_MS) return;
  usesRecorded.set(row.id, now);
  await db().apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } });
}
