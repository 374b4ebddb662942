import { DEMO, expect, signIn, test } from "./fixtures";

test("sign-in form takes the owner to the dashboard", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(DEMO.owner);
  await page.getByLabel("Password").fill("golive-demo-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("tenant-name")).toHaveText("Acme Bakery");
  // Acme may already be LIVE or BLOCKED from the wizard tests that ran before: any of the three states.
  await expect(page.getByTestId("deploy-badge")).toHaveAttribute("data-state", /^(LIVE|ACTION_REQUIRED|BLOCKED)$/);
});

test("a wrong password is refused with a message", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(DEMO.owner);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("do not match");
});

test("the dashboard fits a 360 px screen", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 780 });
  await signIn(page, DEMO.owner);
  await page.goto("/dashboard");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
