import { audit } from "~/audit/audit.server";
import { db } from "~/db/client.server";
import { DomainError } from "~/domain-error";
import { SETUP_CATALOGUE } from "./setup-catalogue";
import { requireManager, type Actor } from "./team.server";

/** The tenant's setup checklist: the catalogue joined with the tenant's rows (a missing row is "to do"). */
export async function listSetupItems(tenantId: string) {
  const rows = await db().setupItem.findMany({ where: { tenantId }, select: { key: true, done: true, completedAt: true, completedBy: true } });
  const completers = [...new Set(rows.map((row) => row.completedBy).filter((id): id is string => Boolean(id)))];
  // Names only of people who belong to this tenant.
  const people = completers.length
    ? await db().membership.findMany({ where: { tenantId, userId: { in: completers } }, select: { user: { select: { id: true, name: true } } } })
    : [];
  const names = new Map(people.map((p) => [p.user.id, p.user.name]));
  const byKey = new Map(rows.map((row) => [row.key, row]));
  return SETUP_CATALOGUE.map((item) => {
    const row = byKey.get(item.key);
    const done = row?.done ?? false;
    return {
      ...item,
      done,
      completedAt: done ? (row?.completedAt ?? null) : null,
      completedByName: done && row?.completedBy ? (names.get(row.completedBy) ?? null) : null,
    };
  });
}

/** Ticks or unticks checklist items, all or none: every key is checked first, then one transaction
 * writes the items that change, each with its audit row. */
export async function setSetupItems(actor: Actor, items: Record<string, boolean>) {
  requireManager(actor, "update the setup checklist");
  const changes = Object.entries(items).map(([key, done]) => {
    const item = SETUP_CATALOGUE.find((entry) => entry.key === key);
    if (!item) throw new DomainError("not_found", "There is no setup item with that key.", { field: key });
    return { item, done };
  });
  return db().$transaction(async (tx) => {
    const changed: string[] = [];
    for (const { item, done } of changes) {
      const where = { tenantId_key: { tenantId: actor.tenant.id, key: item.key } };
      const current = await tx.setupItem.findUnique({ where, select: { done: true } });
      if ((current?.done ?? false) === done) continue;
      const completion = done ? { completedAt: new Date(), completedBy: actor.user.id } : { completedAt: null, completedBy: null };
      await tx.setupItem.upsert({ where, create: { tenantId: actor.tenant.id, key: item.key, done, ...completion }, update: { done, ...completion } });
      await audit(actor, "SETUP_ITEM_UPDATED", { key: item.key, title: item.title, done }, tx);
      changed.push(item.key);
    }
    return { changed };
  });
}

export async function setSetupItemDone(actor: Actor, key: string, done: boolean) {
  const { changed } = await setSetupItems(actor, { [key]: done });
  return { key, done, changed: changed.length > 0 };
}
