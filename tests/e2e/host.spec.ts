import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { DEMO, expect, signIn, test } from "./fixtures";

/**
 * The host pages the Deploy Wizard reads. Both projects (JS off, JS on) share one seeded
 * database, so every test restores what it changes or uses values unique to its run.
 */
test.describe.configure({ mode: "serial" });

async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "page is wider than the screen").toBeLessThanOrEqual(0);
}

test("the owner switches from Acme Bakery to Northwind Studio and back", async ({ page }) => {
  await signIn(page, DEMO.owner);
  await page.goto("/dashboard");
  await expect(page.getByTestId("tenant-name")).toHaveText("Acme Bakery");
  await page.getByLabel("Workspace").selectOption({ label: "Northwind Studio (Owner)" });
  await page.getByRole("button", { name: "Switch" }).click();
  await expect(page.getByTestId("tenant-name")).toHaveText("Northwind Studio");
  // The host pages follow the switch: Northwind's team is the owner alone.
  await page.goto("/dashboard/team");
  await expect(page.getByTestId("member")).toHaveCount(1);
  await page.getByLabel("Workspace").selectOption({ label: "Acme Bakery (Owner)" });
  await page.getByRole("button", { name: "Switch" }).click();
  await expect(page.getByTestId("tenant-name")).toHaveText("Acme Bakery");
});

test("setup checklist: an item explains why, has a link and anchor, and is marked done and undone", async ({ page }) => {
  await signIn(page, DEMO.owner);
  await page.goto("/dashboard/setup#privacy-policy");
  const item = page.locator("#privacy-policy");
  await expect(item).toBeVisible();
  await expect(item).toContainText("Why:");
  await expect(item).toContainText("Required");
  await expect(page.locator("#invite-team").getByRole("link", { name: /team/ })).toHaveAttribute("href", "/dashboard/team");
  await expectNoHorizontalScroll(page);

  const before = await item.getAttribute("data-done");
  const flip = async (from: string | null) => {
    await item.getByRole("button", { name: from === "true" ? /Mark as not done/ : /Mark done/ }).click();
    await expect(item).toHaveAttribute("data-done", from === "true" ? "false" : "true");
  };
  await flip(before);
  await expect(item.getByTestId("setup-status")).toHaveText(before === "true" ? "To do" : "✓ Done");
  await flip(before === "true" ? "false" : "true");
  await expect(item).toHaveAttribute("data-done", before ?? "false");
});

test("modules: the owner turns AI on and off again; keys are entered in the wizard", async ({ page }) => {
  await signIn(page, DEMO.owner);
  await page.goto("/dashboard/modules");
  await expect(page.getByRole("link", { name: "Optional keys" })).toHaveAttribute("href", "/dashboard/deploy/keys");
  const ai = page.locator("#module-ai");
  await expect(ai).toHaveAttribute("data-enabled", "false");
  await ai.getByRole("button", { name: "Turn on AI assistant" }).click();
  await expect(ai).toHaveAttribute("data-enabled", "true");
  await expect(ai.getByTestId("module-status")).toHaveText("On");
  await ai.getByRole("button", { name: "Turn off AI assistant" }).click();
  await expect(ai).toHaveAttribute("data-enabled", "false");
  await expectNoHorizontalScroll(page);
});

test("team: the owner changes the member's role and back, and cannot invite a member twice", async ({ page }) => {
  await signIn(page, DEMO.owner);
  await page.goto("/dashboard/team");
  const maya = page.getByTestId("member").filter({ hasText: DEMO.member });
  await expect(maya.getByTestId("member-role")).toHaveText("Member");

  const roleForm = page.getByRole("form", { name: "Change role of Maya Member" });
  await roleForm.getByLabel("Role for Maya Member").selectOption("VIEWER");
  await roleForm.getByRole("button", { name: "Save role" }).click();
  await expect(page.getByRole("status")).toHaveText("Role saved.");
  await expect(maya.getByTestId("member-role")).toHaveText("Viewer");
  await page.getByRole("form", { name: "Change role of Maya Member" }).getByLabel("Role for Maya Member").selectOption("MEMBER");
  await page.getByRole("form", { name: "Change role of Maya Member" }).getByRole("button", { name: "Save role" }).click();
  await expect(maya.getByTestId("member-role")).toHaveText("Member");

  // Inviting someone who is already a member is refused beside the field, and no invitation is made.
  const form = page.getByRole("region", { name: "Invite a person" });
  await form.getByLabel("Email").fill(DEMO.member);
  await form.getByLabel("Role", { exact: true }).selectOption("VIEWER");
  await form.getByRole("button", { name: "Create invitation link" }).click();
  await expect(form.getByText("is already a member")).toBeVisible();
  await expect(page.getByTestId("invitation-link")).toHaveCount(0);
  await expect(page.getByTestId("invitation").filter({ hasText: DEMO.member })).toHaveCount(0);
});

test("tokens: a new token is shown once, listed by its last four, then revoked", async ({ page }, testInfo) => {
  await signIn(page, DEMO.member);
  await page.goto("/dashboard/tokens");
  const name = `e2e ${testInfo.project.name} ${Date.now()}`;
  await page.getByLabel("Token name").fill(name);
  const postResponse = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/dashboard/tokens"));
  await page.getByRole("button", { name: "Create token" }).click();
  expect((await postResponse).headers()["cache-control"]).toBe("no-store");
  const shown = page.getByTestId("new-token");
  await expect(shown).toHaveValue(/^glpat_[0-9A-Za-z]{46}$/);
  const token = await shown.inputValue();

  // Loading the page again never shows it.
  await page.goto("/dashboard/tokens");
  await expect(page.getByTestId("new-token")).toHaveCount(0);
  expect(await page.content()).not.toContain(token);
  const row = page.getByTestId("token").filter({ hasText: name });
  await expect(row).toContainText(`glpat_…${token.slice(-4)}`);
  await expect(row).toHaveAttribute("data-revoked", "false");

  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  await expect(page.getByRole("status")).toContainText("Token revoked");
  await expect(page.getByTestId("token").filter({ hasText: name })).toHaveAttribute("data-revoked", "true");
  await expect(page.getByTestId("token").filter({ hasText: name })).toContainText("Revoked");
});

test("the audit log lists those changes, newest first, for the owner", async ({ page }) => {
  await signIn(page, DEMO.owner);
  await page.goto("/dashboard/audit");
  const actions = await page.getByTestId("audit-action").allTextContents();
  for (const action of ["MEMBER_ROLE_CHANGED", "SETUP_ITEM_UPDATED", "MODULE_UPDATED", "API_TOKEN_CREATED", "API_TOKEN_REVOKED"]) {
    expect(actions, `audit log has ${action}`).toContain(action);
  }
  const times = await page.locator("[data-testid=audit-entry] time").evaluateAll((nodes) => nodes.map((n) => n.getAttribute("datetime") ?? ""));
  expect([...times].sort().reverse()).toEqual(times);
  const roleChange = page.getByTestId("audit-entry").filter({ hasText: "MEMBER_ROLE_CHANGED" }).first();
  await expect(roleChange).toContainText("by owner@acme.test");
  await expect(roleChange).toContainText(/to:\s*MEMBER/);
  // Metadata never carries a token or an invitation link.
  const html = await page.content();
  expect(html).not.toMatch(/glpat_[0-9A-Za-z]{20,}/);
  expect(html).not.toMatch(/glinv_[0-9A-Za-z_-]{20,}/);
  await expectNoHorizontalScroll(page);
});

test("a member is refused the owner-only audit page with a 403 page", async ({ page }) => {
  await signIn(page, DEMO.member);
  await page.goto("/dashboard");
  await expect(page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Audit log" })).toHaveCount(0);
  const response = await page.goto("/dashboard/audit");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "This page is for owners and admins" })).toBeVisible();
  await expect(page.getByText("An owner or admin of the workspace can do it")).toBeVisible();
  await expect(page.getByRole("link", { name: "Back to the dashboard" })).toBeVisible();
});

test("a viewer sees the team but no role-change or invitation form, and a hand-made change is refused", async ({ page }) => {
  await signIn(page, DEMO.viewer);
  await page.goto("/dashboard/team");
  await expect(page.getByTestId("member").filter({ hasText: DEMO.owner })).toBeVisible();
  expect(await page.getByTestId("member").count()).toBeGreaterThanOrEqual(4);
  await expect(page.getByRole("form", { name: /Change role of/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Save role" })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Invite a person" })).toHaveCount(0);
  const forged = await page.request.post("/dashboard/team", { form: { intent: "change-role", userId: "x", role: "OWNER" }, maxRedirects: 0 });
  expect(forged.status()).toBe(403);
  // Setup and modules are readable, without their buttons.
  await page.goto("/dashboard/setup");
  await expect(page.getByTestId("setup-item").first()).toBeVisible();
  await expect(page.getByRole("button", { name: /Mark/ })).toHaveCount(0);
  await page.goto("/dashboard/modules");
  await expect(page.getByTestId("module")).toHaveCount(3);
  await expect(page.getByRole("button", { name: /Turn/ })).toHaveCount(0);
});

test("the team page fits a 360 px phone screen", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 360, height: 780 });
  await signIn(page, DEMO.owner);
  await page.goto("/dashboard/team");
  await expect(page.getByRole("heading", { name: "Team" })).toBeVisible();
  await expectNoHorizontalScroll(page);
  for (const url of ["/dashboard/tokens", "/dashboard/setup", "/dashboard/modules", "/dashboard/audit"]) {
    await page.goto(url);
    await expectNoHorizontalScroll(page);
  }
  if (testInfo.project.name === "js-on") {
    await page.goto("/dashboard/team");
    const dir = path.resolve(process.env.SHOTS_DIR ?? ".tmp/shots");
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, "team-360.png"), fullPage: true });
  }
});
