import type { Browser, Page, TestInfo } from "@playwright/test";
import { E2E } from "./e2e-env";
import { DEMO, expect, signIn, test } from "./fixtures";

/**
 * People join by invitation and own their password: the owner invites on a phone, the invited person
 * opens the link in another browser (JavaScript as in the project), chooses their own password, and
 * later changes it, which signs out their other sessions.
 */
test.describe.configure({ mode: "serial" });

async function otherBrowser(browser: Browser, testInfo: TestInfo) {
  const { javaScriptEnabled, viewport } = testInfo.project.use;
  return browser.newContext({ javaScriptEnabled, viewport, baseURL: E2E.platformUrl, hasTouch: true });
}

async function inviteAs(page: Page, email: string, role: string) {
  await page.goto("/dashboard/team");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Role").last().selectOption({ label: role });
  await page.getByRole("button", { name: "Create invitation link" }).click();
  const link = page.getByTestId("invitation-link");
  await expect(link).toBeVisible();
  return link.inputValue();
}

test("an invited person chooses their own password, joins, and changes it later", async ({ page, browser }, testInfo) => {
  const email = `sam-${testInfo.project.name}-${Date.now()}@example.test`;
  await signIn(page, DEMO.owner);
  const link = await inviteAs(page, email, "Member");
  expect(link).toMatch(/\/invite\?token=glinv_/);
  await expect(page.getByTestId("invitation-link-panel")).toContainText("shown only this once");
  await page.screenshot({ path: testInfo.outputPath("team-invitation-link.png"), fullPage: true });
  // The link is not shown again: a fresh visit lists the invitation without it.
  await page.goto("/dashboard/team");
  await expect(page.getByTestId("invitation-link")).toHaveCount(0);
  await expect(page.getByTestId("invitation").filter({ hasText: email })).toHaveAttribute("data-state", "pending");

  const invitee = await otherBrowser(browser, testInfo);
  const phone = await invitee.newPage();
  await phone.goto(link);
  await expect(phone.getByRole("heading", { name: "Join Acme Bakery" })).toBeVisible();
  // The expiry is in UTC, said so, until the browser has told its time zone (the `tz` cookie).
  await expect(phone.getByText(/The link works until \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/)).toBeVisible();
  await invitee.addCookies([{ name: "tz", value: "Asia%2FTokyo", url: new URL(link).origin }]);
  await phone.goto(link);
  await expect(phone.getByText(/The link works until \d{4}-\d{2}-\d{2} \d{2}:\d{2} Asia\/Tokyo/)).toBeVisible();
  await expect(phone.getByText(email).first()).toBeVisible();
  await phone.getByLabel("Your name").fill("Sam Baker");
  await phone.getByLabel("Choose a password").fill("password1234");
  await phone.getByRole("button", { name: "Create account and join" }).click();
  await expect(phone.getByText("attackers try it first")).toBeVisible();
  await phone.screenshot({ path: testInfo.outputPath("invite-common-password.png"), fullPage: true });
  await phone.getByLabel("Choose a password").fill("sourdough-rises-at-dawn");
  await phone.getByRole("button", { name: "Create account and join" }).click();
  await expect(phone).toHaveURL(/\/dashboard\?joined=1$/);
  await expect(phone.getByTestId("tenant-name")).toHaveText("Acme Bakery");

  // The link worked once.
  const later = await (await otherBrowser(browser, testInfo)).newPage();
  await later.goto(link);
  await expect(later.getByText("already been used")).toBeVisible();

  // A second session of the same person, then a password change on the phone signs it out.
  const laptop = await otherBrowser(browser, testInfo);
  const laptopPage = await laptop.newPage();
  await signIn(laptopPage, email, "sourdough-rises-at-dawn");
  await laptopPage.goto("/dashboard/team");
  await expect(laptopPage.getByTestId("member").filter({ hasText: email })).toContainText("Sam Baker");

  await phone.goto("/dashboard/account");
  await expect(phone.getByTestId("session-count")).toContainText("2 sessions");
  await phone.getByLabel("Current password").fill("not-my-password-at-all");
  await phone.getByLabel("New password", { exact: true }).fill("rye-and-spelt-and-time");
  await phone.getByLabel("New password again").fill("rye-and-spelt-and-time");
  await phone.getByRole("button", { name: "Change password" }).click();
  await expect(phone.getByText("That is not your current password.")).toBeVisible();
  await phone.getByLabel("Current password").fill("sourdough-rises-at-dawn");
  await phone.getByLabel("New password", { exact: true }).fill("rye-and-spelt-and-time");
  await phone.getByLabel("New password again").fill("rye-and-spelt-and-time");
  await phone.getByRole("button", { name: "Change password" }).click();
  await expect(phone.getByRole("status")).toContainText("1 other session was signed out");
  await phone.screenshot({ path: testInfo.outputPath("account-password-changed.png"), fullPage: true });

  await laptopPage.goto("/dashboard/team");
  await expect(laptopPage).toHaveURL(/\/login/);
  const oldPassword = await laptopPage.request.post("/login", { form: { email, password: "sourdough-rises-at-dawn" }, maxRedirects: 0 });
  expect(oldPassword.status()).toBe(401);
  await signIn(laptopPage, email, "rye-and-spelt-and-time");

  // Sign out everywhere ends both.
  await phone.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(phone).toHaveURL(/\/login/);
  await expect(phone.getByRole("status")).toContainText("signed out everywhere");
  await laptopPage.goto("/dashboard");
  await expect(laptopPage).toHaveURL(/\/login/);
  await Promise.all([invitee.close(), laptop.close(), later.context().close()]);
});

test("a revoked invitation stops working, and a member sees neither invitations nor the form", async ({ page, browser }, testInfo) => {
  const email = `revoked-${testInfo.project.name}-${Date.now()}@example.test`;
  await signIn(page, DEMO.admin);
  const link = await inviteAs(page, email, "Viewer");
  await page.goto("/dashboard/team");
  await page.getByRole("button", { name: `Revoke the invitation for ${email}` }).click();
  await expect(page.getByRole("status")).toContainText("Invitation revoked");
  await expect(page.getByTestId("invitation").filter({ hasText: email })).toHaveCount(0);

  const stranger = await otherBrowser(browser, testInfo);
  const visitor = await stranger.newPage();
  const response = await visitor.goto(link);
  expect(response?.status()).toBe(410);
  await expect(visitor.getByText("withdrawn")).toBeVisible();
  await expect(visitor.getByRole("button", { name: "Create account and join" })).toHaveCount(0);
  await stranger.close();

  const memberContext = await otherBrowser(browser, testInfo);
  const member = await memberContext.newPage();
  await signIn(member, DEMO.member);
  await member.goto("/dashboard/team");
  await expect(member.getByTestId("member").first()).toBeVisible();
  await expect(member.getByRole("button", { name: "Create invitation link" })).toHaveCount(0);
  await expect(member.getByTestId("invitation")).toHaveCount(0);
  await memberContext.close();
});
