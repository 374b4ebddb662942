import { createHash } from "node:crypto";
import { db } from "~/db/client.server";
import { getEnv } from "~/env.server";

/**
 * What this process is, as the platform's verification needs to know it: the Go-Live app, as the
 * platform or as a tenant's instance, and (an instance) which workspace it serves. An instance
 * serves exactly one workspace: the one handed over to it, which keeps the platform's id. Before
 * the hand-over an instance is empty.
 */
export type InstanceMode = "platform" | "instance";

/** A workspace id's public fingerprint: it tells two workspaces apart without naming either. */
export function workspaceFingerprint(tenantId: string) {
  return `ws:${createHash("sha256").update(`go-live-workspace:${tenantId}`).digest("hex").slice(0, 16)}`;
}

/** The workspace an instance serves (null when empty, and always null on the platform). */
export async function servedWorkspace(): Promise<{ id: string; name: string } | null> {
  if (getEnv().mode !== "instance") return null;
  return db().tenant.findFirst({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, name: true } });
}

/**
 * The identity a refused verifier token is answered with: enough for the platform to tell "the
 * platform itself", "another workspace's instance" and "this workspace's instance with other
 * secrets" apart, nothing more (no name, no id, no secret material).
 */
export async function publicIdentity() {
  const mode: InstanceMode = getEnv().mode;
  const workspace = await servedWorkspace();
  return { app: "go-live" as const, mode, workspace: workspace ? workspaceFingerprint(workspace.id) : null };
}
