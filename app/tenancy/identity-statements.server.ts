import { statement } from "~/db/statements.server";
import type { RoleName } from "./roles";

/** The identity reads of every request, kept apart from the code that uses them so that the bench's reference (scripts/bench/reference) sends the very same statements. */
export type IdentityRow = {
  expiresAt: Date | null;
  activeTenantId: string | null;
  userId: string;
  email: string;
  userName: string;
  role: RoleName | null;
  tenantId: string | null;
  tenantName: string | null;
  tenantSlug: string | null;
};

/**
 * Who a session is and the workspaces they belong to, in one statement (a page's first read): the
 * session with its person and their active memberships, oldest first.
 */
export const SESSION_IDENTITY = statement<IdentityRow>(
  "session_identity",
  `SELECT s."expiresAt" AT TIME ZONE 'UTC' AS "expiresAt", s."activeTenantId", u."id" AS "userId", u."email", u."name" AS "userName",
          m."role"::text AS "role", t."id" AS "tenantId", t."name" AS "tenantName", t."slug" AS "tenantSlug"
   FROM "Session" s
   JOIN "User" u ON u."id" = s."userId"
   LEFT JOIN "Membership" m ON m."userId" = s."userId" AND m."active"
   LEFT JOIN "Tenant" t ON t."id" = m."tenantId"
   WHERE s."id" = $1
   ORDER BY m."createdAt" ASC, m."id" ASC`,
);

/** A personal API token with its owner's membership in the token's workspace, in one statement. */
export const TOKEN_IDENTITY = statement<IdentityRow & { tokenId: string; lastUsedAt: Date | null }>(
  "token_identity",
  `SELECT a."id" AS "tokenId", a."lastUsedAt" AT TIME ZONE 'UTC' AS "lastUsedAt", NULL::timestamptz AS "expiresAt", NULL::text AS "activeTenantId",
          u."id" AS "userId", u."email", u."name" AS "userName", m."role"::text AS "role", t."id" AS "tenantId", t."name" AS "tenantName", t."slug" AS "tenantSlug"
   FROM "ApiToken" a
   JOIN "User" u ON u."id" = a."userId"
   JOIN "Membership" m ON m."userId" = a."userId" AND m."tenantId" = a."tenantId" AND m."active"
   JOIN "Tenant" t ON t."id" = a."tenantId"
   WHERE a."tokenHash" = $1 AND a."revokedAt" IS NULL`,
);
