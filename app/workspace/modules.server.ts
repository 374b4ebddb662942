import { audit } from "~/audit/audit.server";
import { db } from "~/db/client.server";
import { DomainError } from "~/domain-error";
import { MODULE_CATALOGUE, MODULES, type ModuleName } from "./module-catalogue";
import { requireManager, type Actor } from "./team.server";

/** Optional modules (email, payments, AI). Enabling one here makes the Deploy Wizard ask for its keys. */
export async function listModules(tenantId: string) {
  const rows = await db().tenantModule.findMany({ where: { tenantId }, select: { module: true, enabled: true, updatedAt: true } });
  const byName = new Map(rows.map((row) => [row.module, row]));
  return MODULES.map((name) => ({
    name,
    ...MODULE_CATALOGUE[name],
    enabled: byName.get(name)?.enabled ?? false,
    updatedAt: byName.get(name)?.updatedAt ?? null,
  }));
}

export async function setModuleEnabled(actor: Actor, module: string, enabled: boolean) {
  requireManager(actor, "turn modules on or off");
  if (!(MODULES as readonly string[]).includes(module)) throw new DomainError("not_found", "There is no module with that name.");
  const name = module as ModuleName;
  return db().$transaction(async (tx) => {
    const where = { tenantId_module: { tenantId: actor.tenant.id, module: name } };
    const current = await tx.tenantModule.findUnique({ where, select: { enabled: true } });
    if ((current?.enabled ?? false) === enabled) return { module: name, enabled, changed: false };
    await tx.tenantModule.upsert({ where, create: { tenantId: actor.tenant.id, module: name, enabled }, update: { enabled } });
    await audit(actor, "MODULE_UPDATED", { module: name, title: MODULE_CATALOGUE[name].title, enabled }, tx);
    return { module: name, enabled, changed: true };
  });
}
