import { deployState, saveAppUrl, saveDatabaseUrl, saveProvider } from "~/deploy/config/deploy-config.server";
import { recordRun } from "~/deploy/checks/runs.server";
import { storeDeploySecrets } from "~/deploy/secrets/secrets.server";
import { goLive } from "~/deploy/wizard/live.server";
import type { CheckResult } from "~/deploy/checks/check-result";
import type { makeCertificate } from "./certificates";
import { startLoopbackServer } from "./loopback-server";
import { contextFor, createMember, createTenant } from "./db";

/**
 * A Stay LIVE workspace for integration tests: a loopback stand-in for its live instance and a
 * workspace (owner, admin, member) that went LIVE at its address. The caller closes `server`.
 */
export type LiveWorkspaceOptions = {
  certificate?: ReturnType<typeof makeCertificate>;
  name?: string;
  /** The workspace's database URL (a password in it is a secret no output may carry). */
  databaseUrl?: { canonical: string; masked: string };
};

const pass: CheckResult = { id: "live.health", title: "GET /health", status: "pass", detail: "ok", fix: null };

/** A loopback stand-in for a workspace's live instance; `up = false` drops every connection (the app stopped). */
async function fakeInstance(options: LiveWorkspaceOptions = {}) {
  const app = { up: true, appUrl: "", fingerprint: null as string | null, tenantId: "", health: 0 };
  const server = await startLoopbackServer((req, res) => {
    if (!app.up) {
      req.socket.destroy();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    if (req.url === "/health") {
      app.health += 1;
      res.end('{"status":"pass"}');
    } else if (req.url === "/ready") res.end('{"status":"pass","checks":{}}');
    else if (req.url === "/api/instance/handover") res.end(JSON.stringify({ created: false, setupDone: 0, modulesEnabled: [], invitationsCreated: 0 }));
    else res.end(JSON.stringify({ appUrl: app.appUrl, encryptionKeyFingerprint: app.fingerprint, mode: "instance", workspace: { id: app.tenantId } }));
  }, options.certificate);
  return { app, server };
}

/** A workspace marked LIVE at the fake instance's address. */
export async function startLiveWorkspace(options: LiveWorkspaceOptions = {}) {
  const { app, server } = await fakeInstance(options);
  const tenant = await createTenant({ name: options.name ?? "Stay live" });
  const owner = await createMember(tenant.id, "OWNER");
  const admin = await createMember(tenant.id, "ADMIN");
  const member = await createMember(tenant.id, "MEMBER");
  const ctx = contextFor(tenant, owner, "OWNER");
  const appUrl = options.certificate ? `https://localhost:${server.port}` : server.origin;
  await saveProvider(ctx, "DOCKER");
  await saveAppUrl(ctx, appUrl);
  await saveDatabaseUrl(ctx, options.databaseUrl ?? { canonical: "postgresql://app:pw-1@127.0.0.1:5/app", masked: "postgresql://app:••••@127.0.0.1:5/app" });
  const stored = await storeDeploySecrets(ctx, { confirmRotation: false });
  const state = await deployState(tenant.id);
  const base = { deployConfigId: state.row.id, configRevision: state.row.revision, startedAt: new Date() };
  await recordRun(ctx, { ...base, kind: "preflight", checks: [pass], actions: { passed: "PREFLIGHT_PASSED", failed: "PREFLIGHT_FAILED" } });
  await recordRun(ctx, { ...base, kind: "verify", checks: [pass], actions: { passed: "DEPLOY_VERIFIED", failed: "DEPLOY_VERIFY_FAILED" } });
  await goLive(ctx);
  Object.assign(app, { appUrl, fingerprint: state.row.encryptionKeyFingerprint, tenantId: tenant.id });
  return { app, server, tenant, owner, admin, member, ctx, secrets: stored.secrets };
}
