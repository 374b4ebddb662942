import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import * as apiModules from "~/routes/api.modules";
import * as apiSetup from "~/routes/api.setup";
import { SETUP_CATALOGUE } from "~/workspace/setup-catalogue";
import { DATABASE_KINDS, useTestDatabase } from "../helpers/db";
import { tenantWithTeam, tokenFor } from "../security/helpers/fixtures";
import { callRoute, isApiErrorShape } from "../security/helpers/routes";

/**
 * The setup checklist and the modules by curl (GET/PATCH /api/setup, GET/PATCH /api/modules): what
 * pre-flight requires can be done without scraping HTML, with the API's error shape and roles.
 */
describe.each(DATABASE_KINDS)("setup checklist and modules through the JSON API (%s)", (kind) => {
  useTestDatabase(kind);
  let team: Awaited<ReturnType<typeof tenantWithTeam>>;
  const auth: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    team = await tenantWithTeam("API Setup Co");
    await db().setupItem.updateMany({ where: { tenantId: team.tenant.id }, data: { done: false } });
    for (const role of ["OWNER", "VIEWER"] as const) auth[role] = { Authorization: `Bearer ${(await tokenFor(team.people[role].id, team.tenant.id)).token}` };
  });

  const patch = (route: typeof apiSetup | typeof apiModules, path: string, role: string, body: unknown) =>
    callRoute(route, {
      method: "PATCH",
      path,
      headers: { ...auth[role], "Content-Type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });

  it("GET /api/setup lists the checklist; PATCH ticks items, audits each change once, and answers the new state", async () => {
    const before = await callRoute(apiSetup, { path: "/api/setup", headers: auth.VIEWER });
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ done: 0, total: SETUP_CATALOGUE.length, requiredRemaining: SETUP_CATALOGUE.filter((i) => i.required).length });
    const required = Object.fromEntries(SETUP_CATALOGUE.filter((item) => item.required).map((item) => [item.key, true]));
    const done = await patch(apiSetup, "/api/setup", "OWNER", { items: required });
    expect(done.status, done.text).toBe(200);
    expect(done.body).toMatchObject({ requiredRemaining: 0, changed: Object.keys(required) });
    expect((await patch(apiSetup, "/api/setup", "OWNER", { items: required })).body).toMatchObject({ changed: [] });
    expect(await db().auditLog.count({ where: { tenantId: team.tenant.id, action: "SETUP_ITEM_UPDATED" } })).toBe(Object.keys(required).length);
  });

  it("GET /api/modules lists the modules; PATCH turns them on and off", async () => {
    const list = await callRoute(apiModules, { path: "/api/modules", headers: auth.VIEWER });
    expect(list.status).toBe(200);
    expect((list.body as { modules: { name: string }[] }).modules.map((m) => m.name).sort()).toEqual(["ai", "email", "payments"]);
    const on = await patch(apiModules, "/api/modules", "OWNER", { modules: { ai: true, payments: true } });
    expect(on.status, on.text).toBe(200);
    expect(
      (on.body as { modules: { name: string; enabled: boolean }[] }).modules
        .filter((m) => m.enabled)
        .map((m) => m.name)
        .sort(),
    ).toEqual(["ai", "payments"]);
    expect((await patch(apiModules, "/api/modules", "OWNER", { modules: { payments: false } })).body).toMatchObject({ changed: ["payments"] });
  });

  it("refuses in the API's error shape: a viewer (403), unknown keys and bad bodies (400), other methods (405), no credential (401)", async () => {
    const cases = [
      [await patch(apiSetup, "/api/setup", "VIEWER", { items: { [SETUP_CATALOGUE[0]!.key]: true } }), 403],
      [await patch(apiModules, "/api/modules", "VIEWER", { modules: { ai: false } }), 403],
      [await patch(apiSetup, "/api/setup", "OWNER", { items: { "no-such-item": true } }), 400],
      [await patch(apiModules, "/api/modules", "OWNER", { modules: { teleport: true } }), 400],
      [await patch(apiModules, "/api/modules", "OWNER", { modules: { ai: "yes" } }), 400],
      [await patch(apiSetup, "/api/setup", "OWNER", { items: {} }), 400],
      [await patch(apiSetup, "/api/setup", "OWNER", "{not json"), 400],
      [await callRoute(apiSetup, { method: "POST", path: "/api/setup", headers: auth.OWNER }), 405],
      [await callRoute(apiModules, { path: "/api/modules" }), 401],
    ] as const;
    for (const [outcome, status] of cases) {
      expect(outcome.status, outcome.text).toBe(status);
      expect(isApiErrorShape(outcome.body), outcome.text).toBe(true);
    }
    expect(await db().tenantModule.count({ where: { tenantId: team.tenant.id, enabled: true } })).toBe(1);
  });
});
