import { DEMO, expect, signIn, test } from "./fixtures";

/** curl's view of the platform: a viewer's personal token, its role checked on every call. */
test("a viewer's personal API token reads stats but is refused owner/admin APIs", async ({ page, request }, testInfo) => {
  test.skip(testInfo.project.name !== "js-on", "HTTP only: runs in one project");
  await signIn(page, DEMO.viewer);
  const created = await page.request.post("/api/tokens", { data: { name: `curl ${Date.now()}` } });
  expect(created.status()).toBe(201);
  expect(created.headers()["cache-control"]).toBe("no-store");
  const { token, id } = (await created.json()) as { token: string; id: string };
  expect(token).toMatch(/^glpat_/);
  const auth = { Authorization: `Bearer ${token}` };

  const stats = await request.get("/api/dashboard/stats", { headers: auth });
  expect(stats.status()).toBe(200);
  expect(await stats.json()).toMatchObject({ scope: "tenant", tenant: { name: "Acme Bakery" } });

  const team = await request.get("/api/team", { headers: auth });
  expect(team.status()).toBe(200);

  const addMember = await request.post("/api/team", {
    headers: auth,
    data: { email: `nope-${Date.now()}@example.test`, name: "Nope", role: "ADMIN", password: "a-long-initial-password" },
  });
  expect(addMember.status()).toBe(403);
  expect(await addMember.json()).toMatchObject({ error: { code: "forbidden" } });

  const audit = await request.get("/api/audit", { headers: auth });
  expect(audit.status()).toBe(403);

  const anonymous = await request.get("/api/team");
  expect(anonymous.status()).toBe(401);
  expect(anonymous.headers()["www-authenticate"]).toMatch(/^Bearer/);
  expect(await anonymous.json()).toMatchObject({ error: { code: "unauthenticated" } });

  const wrongMethod = await request.put("/api/team", { headers: auth, data: {} });
  expect(wrongMethod.status()).toBe(405);

  // Revoked: the same token stops working at once.
  const revoked = await request.delete(`/api/tokens/${id}`, { headers: auth });
  expect(revoked.status()).toBe(200);
  const after = await request.get("/api/dashboard/stats", { headers: auth });
  expect(after.status()).toBe(401);
  expect(after.headers()["www-authenticate"]).toMatch(/^Bearer/);
});
