import { hashPassword } from "~/auth/password.server";
import { SETUP_CATALOGUE } from "./setup-catalogue";
import { MODULES } from "./module-catalogue";
import type { RoleName } from "~/tenancy/roles";
import { db } from "~/db/client.server";

export const DEMO_PASSWORD = "golive-demo-2026";
export const DEMO_USERS: { email: string; name: string; role: RoleName }[] = [
  { email: "owner@acme.test", name: "Olivia Owner", role: "OWNER" },
  { email: "admin@acme.test", name: "Adam Admin", role: "ADMIN" },
  { email: "member@acme.test", name: "Maya Member", role: "MEMBER" },
  { email: "viewer@acme.test", name: "Victor Viewer", role: "VIEWER" },
];

/** Seeds the demo workspace once (idempotent): Acme Bakery with four people and setup half done,
 * plus a second workspace the owner also belongs to, so the tenant switcher has something to do. */
export async function seedDemo() {
  const prisma = db();
  const existing = await prisma.tenant.findUnique({ where: { slug: "acme" }, select: { id: true } });
  if (!existing) {
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await prisma.$transaction(async (tx) => {
      // Several instances may start at once on a fresh database: the first to take this lock seeds,
      // the others find the workspace when they get it, instead of failing on the unique slug.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('golive:demo-seed'))`;
      if (await tx.tenant.findUnique({ where: { slug: "acme" }, select: { id: true } })) return;
      const acme = await tx.tenant.create({ data: { slug: "acme", name: "Acme Bakery" } });
      const northwind = await tx.tenant.create({ data: { slug: "northwind", name: "Northwind Studio" } });
      for (const person of DEMO_USERS) {
        const user = await tx.user.create({ data: { email: person.email, name: person.name, passwordHash } });
        await tx.membership.create({ data: { tenantId: acme.id, userId: user.id, role: person.role } });
        if (person.role === "OWNER") await tx.membership.create({ data: { tenantId: northwind.id, userId: user.id, role: "OWNER" } });
      }
      const done = new Set(["business-profile", "invite-team", "choose-modules"]);
      for (const tenant of [acme, northwind]) {
        await tx.setupItem.createMany({
          data: SETUP_CATALOGUE.map((item) => ({
            tenantId: tenant.id,
            key: item.key,
            done: tenant === acme && done.has(item.key),
            completedAt: tenant === acme && done.has(item.key) ? new Date() : null,
          })),
        });
        await tx.tenantModule.createMany({ data: MODULES.map((module) => ({ tenantId: tenant.id, module, enabled: false })) });
      }
    });
  }
  return { password: DEMO_PASSWORD, users: DEMO_USERS };
}
