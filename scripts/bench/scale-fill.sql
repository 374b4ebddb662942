-- npm run bench --scale: the data of a platform that has been used for a while, written in SQL so
-- that 300,000 rows take seconds. :'big' is the tenant id of the demo workspace Acme Bakery, which
-- gets 50,000 deploy runs and 200,000 audit rows over the last 30 days; 9,998 other workspaces get
-- an owner, a membership, a deploy configuration, 3 runs and 10 audit rows each. Ids are cuid-like
-- (25 characters starting with "c", as Prisma's cuid() writes them); columns have the values the app
-- writes (app/deploy/checks/runs.server.ts, app/audit/audit.server.ts).
BEGIN;

CREATE TEMP TABLE filler ON COMMIT DROP AS
SELECT n, 'c' || substr(md5('tenant' || n), 1, 24) AS tenant_id, 'c' || substr(md5('user' || n), 1, 24) AS user_id
FROM generate_series(1, 9998) AS n;

INSERT INTO "Tenant" ("id", "slug", "name", "createdAt", "updatedAt")
SELECT tenant_id, 'bench-workspace-' || n, 'Workspace ' || n, now() - (n % 400) * interval '1 day', now() FROM filler;

INSERT INTO "User" ("id", "email", "name", "passwordHash", "createdAt", "updatedAt")
SELECT user_id, 'owner' || n || '@bench.test', 'Owner ' || n,
       '$argon2id$v=19$m=19456,t=2,p=1$YmVuY2hzYWx0YmVuY2hzYWx0$4Wl3dX8i3m5Y0kq4bE8fD3u3gX3mQJvOZbqkzq1Ttq0', now(), now()
FROM filler;

INSERT INTO "Membership" ("id", "tenantId", "userId", "role", "active", "createdAt", "updatedAt")
SELECT 'c' || substr(md5('membership' || n), 1, 24), tenant_id, user_id, 'OWNER', true, now(), now() FROM filler;

INSERT INTO "DeployConfig" ("id", "tenantId", "provider", "appUrl", "status", "revision", "createdAt", "updatedAt")
SELECT 'c' || substr(md5('config' || n), 1, 24), tenant_id, (ARRAY['REPLIT','RENDER','RAILWAY','FLY','DOCKER']::"DeployProvider"[])[1 + n % 5],
       'https://workspace-' || n || '.example.com', 'configured', 1 + n % 7, now(), now()
FROM filler;

-- The big workspace's configuration (a first page view creates it in the app; here it may not exist yet).
INSERT INTO "DeployConfig" ("id", "tenantId", "provider", "appUrl", "status", "revision", "createdAt", "updatedAt")
VALUES ('c' || substr(md5('config-big'), 1, 24), :'big', 'DOCKER', 'https://acme-bakery.example.com', 'configured', 1, now(), now())
ON CONFLICT ("tenantId") DO NOTHING;

CREATE TEMP TABLE results ON COMMIT DROP AS
SELECT 'preflight'::text AS kind, '{"checks":[{"id":"config.complete","title":"Configuration complete","status":"pass","detail":"Provider, app URL, database URL and secrets are set.","fix":null,"timingMs":1},{"id":"modules.valid","title":"Module keys","status":"pass","detail":"Every enabled module has its keys.","fix":null,"timingMs":0},{"id":"database.reachable","title":"Database reachable","status":"pass","detail":"Connected, PostgreSQL 15.","fix":null,"timingMs":14,"target":"db.example.com:5432"}]}'::jsonb AS json
UNION ALL
SELECT 'verify', '{"checks":[{"id":"live.health","title":"Health","status":"pass","detail":"GET /health answered 200.","fix":null,"timingMs":41,"httpStatus":200,"target":"acme-bakery.example.com:443"},{"id":"live.ready","title":"Ready","status":"pass","detail":"GET /ready answered 200.","fix":null,"timingMs":38,"httpStatus":200,"target":"acme-bakery.example.com:443"},{"id":"live.stats","title":"The right app","status":"fail","detail":"The app at this URL answered with another ENCRYPTION_KEY.","fix":{"text":"Set ENCRYPTION_KEY from step D","href":"/dashboard/deploy/secrets"},"timingMs":52,"httpStatus":200,"target":"acme-bakery.example.com:443","code":"wrong_key"},{"id":"live.certificate","title":"Certificate","status":"pass","detail":"Valid for 61 more days.","fix":null,"timingMs":33,"target":"acme-bakery.example.com:443"}]}'::jsonb;

-- 50,000 runs over the last 30 days, newest last; one pre-flight for every verification.
INSERT INTO "DeployRun" ("id", "tenantId", "deployConfigId", "kind", "configRevision", "status", "resultsJson", "errorText", "actorUserId", "startedAt", "finishedAt")
SELECT 'c' || substr(md5('run-big' || n), 1, 24), :'big', config."id", r.kind::"DeployRunKind", 1 + n / 500,
       (CASE WHEN n % 3 = 0 THEN 'passed' ELSE 'failed' END)::"DeployRunStatus", r.json, NULL, owner."id",
       now() - interval '30 days' + n * interval '51 seconds', now() - interval '30 days' + n * interval '51 seconds' + interval '1.2 seconds'
FROM generate_series(1, 50000) AS n
JOIN results AS r ON r.kind = CASE WHEN n % 2 = 0 THEN 'preflight' ELSE 'verify' END
CROSS JOIN (SELECT "id" FROM "DeployConfig" WHERE "tenantId" = :'big') AS config
CROSS JOIN (SELECT "id" FROM "User" WHERE "email" = 'owner@acme.test') AS owner;

-- 200,000 audit rows over the last 30 days: the actions a busy deploy writes, with their metadata.
INSERT INTO "AuditLog" ("id", "tenantId", "actorUserId", "actorLabel", "action", "origin", "metadata", "createdAt")
SELECT 'c' || substr(md5('audit-big' || n), 1, 24), :'big', owner."id", 'owner@acme.test',
       (ARRAY['PREFLIGHT_FAILED','PREFLIGHT_PASSED','DEPLOY_VERIFY_FAILED','DEPLOY_CONFIG_SAVED','SIGNED_IN','DEPLOY_VERIFIED','SETUP_ITEM_UPDATED','MODULE_UPDATED'])[1 + n % 8],
       CASE WHEN n % 4 = 0 THEN 'web 127.0.0.1' ELSE 'api 127.0.0.1' END,
       jsonb_build_object('runId', 'c' || substr(md5('run-big' || (n / 4)), 1, 24), 'revision', 1 + n / 2000, 'status', 'configured'),
       now() - interval '30 days' + n * interval '12.9 seconds'
FROM generate_series(1, 200000) AS n
CROSS JOIN (SELECT "id" FROM "User" WHERE "email" = 'owner@acme.test') AS owner;

-- The other workspaces' own history.
INSERT INTO "DeployRun" ("id", "tenantId", "deployConfigId", "kind", "configRevision", "status", "resultsJson", "errorText", "actorUserId", "startedAt", "finishedAt")
SELECT 'c' || substr(md5('run' || f.n || '-' || k), 1, 24), f.tenant_id, 'c' || substr(md5('config' || f.n), 1, 24), r.kind::"DeployRunKind", 1,
       'passed', r.json, NULL, f.user_id, now() - (f.n % 400) * interval '1 day' + k * interval '1 minute', now() - (f.n % 400) * interval '1 day' + k * interval '1 minute' + interval '1 second'
FROM filler AS f CROSS JOIN generate_series(1, 3) AS k JOIN results AS r ON r.kind = CASE WHEN k = 2 THEN 'verify' ELSE 'preflight' END;

INSERT INTO "AuditLog" ("id", "tenantId", "actorUserId", "actorLabel", "action", "origin", "metadata", "createdAt")
SELECT 'c' || substr(md5('audit' || f.n || '-' || k), 1, 24), f.tenant_id, f.user_id, 'owner' || f.n || '@bench.test',
       (ARRAY['SIGNED_IN','DEPLOY_CONFIG_SAVED','PREFLIGHT_PASSED','DEPLOY_VERIFIED','SETUP_ITEM_UPDATED'])[1 + k % 5], 'web 127.0.0.1',
       jsonb_build_object('field', 'appUrl'), now() - (f.n % 400) * interval '1 day' + k * interval '1 minute'
FROM filler AS f CROSS JOIN generate_series(1, 10) AS k;

COMMIT;
VACUUM ANALYZE;
