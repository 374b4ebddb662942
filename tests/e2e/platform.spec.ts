import { DEMO, expect, signIn, test } from "./fixtures";

test("sign-in form takes the owner to the dashboard", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(DEMO.owner);
  await page.getByLabel("Password").fill("golive-demo-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("tenant-name")).toHaveText("Acme Bakery");
  await expect(page.getByTestId("deploy-badge")).toHaveAttribute("data-state", "ACTION_REQUIRED");
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
