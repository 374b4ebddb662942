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

/** Turns modules on or off, all or none: every name is checked first, then one transaction writes
 * the modules that change, each with its audit row. */
export async function setModules(actor: Actor, modules: Record<string, boolean>) {
  requireManager(actor, "turn modules on or off");
  const changes = Object.entries(modules).map(([module, enabled]) => {
    if (!(MODULES as readonly string[]).includes(module)) throw new DomainError("not_found", "There is no module with that name.", { field: module });
    return { name: module as ModuleName, enabled };
  });
  return db().$transaction(async (tx) => {
    const changed: ModuleName[] = [];
    for (const { name, enabled } of changes) {
      const where = { tenantId_module: { tenantId: actor.tenant.id, module: name } };
      const current = await tx.tenantModule.findUnique({ where, select: { enabled: true } });
      if ((current?.enabled ?? false) === enabled) continue;
      await tx.tenantModule.upsert({ where, create: { tenantId: actor.tenant.id, module: name, enabled }, update: { enabled } });
      await audit(actor, "MODULE_UPDATED", { module: name, title: MODULE_CATALOGUE[name].title, enabled }, tx);
      changed.push(name);
    }
    return { changed };
  });
}

export async function setModuleEnabled(actor: Actor, module: string, enabled: boolean) {
  const { changed } = await setModules(actor, { [module]: enabled });
  return { module, enabled, changed: changed.length > 0 };
}
