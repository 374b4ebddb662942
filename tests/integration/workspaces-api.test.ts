import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import * as apiWorkspaces from "~/routes/api.workspaces";
import { DATABASE_KINDS, useTestDatabase } from "../helpers/db";
import { sessionCookieFor, tenantWithTeam, tokenFor } from "../security/helpers/fixtures";
import { callRoute } from "../security/helpers/routes";

/** GET /api/workspaces: what a script needs to pick a workspace without reading HTML. */
describe.each(DATABASE_KINDS)("GET /api/workspaces on %s", (kind) => {
  useTestDatabase(kind);

  it("lists a session's workspaces with the active one, and only its own workspace for a token", async () => {
    const first = await tenantWithTeam("First Co");
    const second = await tenantWithTeam("Second Co");
    const person = first.people.ADMIN;
    await db().membership.create({ data: { tenantId: second.tenant.id, userId: person.id, role: "VIEWER" } });

    const { cookie } = await sessionCookieFor(person.id, second.tenant.id);
    const bySession = await callRoute(apiWorkspaces, { path: "/api/workspaces", headers: { Cookie: cookie } });
    expect(bySession.body).toEqual({
      active: second.tenant.id,
      workspaces: [
        { id: first.tenant.id, name: "First Co", role: "ADMIN" },
        { id: second.tenant.id, name: "Second Co", role: "VIEWER" },
      ],
    });

    const { token } = await tokenFor(person.id, first.tenant.id);
    const byToken = await callRoute(apiWorkspaces, { path: "/api/workspaces", headers: { Authorization: `Bearer ${token}` } });
    expect(byToken.body).toEqual({ active: first.tenant.id, workspaces: [{ id: first.tenant.id, name: "First Co", role: "ADMIN" }] });
    expect((await callRoute(apiWorkspaces, { path: "/api/workspaces" })).status).toBe(401);
  });
});
