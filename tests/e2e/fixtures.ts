import { test as base, expect, type Page } from "@playwright/test";
import { createHash } from "node:crypto";
import { axeOnHtml, seriousViolations } from "./axe";
import { E2E } from "./e2e-env";

export const DEMO = {
  owner: "owner@acme.test",
  admin: "admin@acme.test",
  member: "member@acme.test",
  viewer: "viewer@acme.test",
} as const;

/** Signs in over HTTP (the sign-in form itself is covered by its own test) and keeps the cookie. */
export async function signIn(page: Page, email: string, password = E2E.demoPassword) {
  const response = await page.request.post("/login", { form: { email, password }, maxRedirects: 0 });
  expect(response.status(), `sign-in as ${email}`).toBe(302);
}

/**
 * axe-core on every page state a test visits: each document the test's page loads (every step of a
 * walk with JavaScript off, the first page and each full load with it on) is kept as HTML when it
 * finishes loading, and after the test each distinct one is checked; a serious or critical
 * violation fails the test, naming the address.
 */
export const test = base.extend<{ axeEveryPage: void }>({
  axeEveryPage: [
    async ({ page, browser }, use, testInfo) => {
      const seen = new Map<string, { url: string; html: string }>();
      const pending: Promise<void>[] = [];
      page.on("load", () => {
        pending.push(
          (async () => {
            const url = page.url();
            if (!url.startsWith("http")) return;
            const html = await page.content();
            // Per-request nonces and ids aside, the same page in the same state is checked once.
            const key = createHash("sha1")
              .update(`${new URL(url).pathname} ${html.replace(/nonce="[^"]*"|"[^"]*_[0-9a-f]{6,}[^"]*"/g, "")}`)
              .digest("hex");
            if (!seen.has(key)) seen.set(key, { url, html });
          })().catch(() => undefined), // the test moved on before the page could be read
        );
      });
      await use();
      await Promise.all(pending);
      if (testInfo.status !== testInfo.expectedStatus) return;
      const problems: string[] = [];
      for (const { url, html } of seen.values()) {
        const bad = seriousViolations(await axeOnHtml(browser, { url, html, viewport: page.viewportSize() }));
        if (bad.length) problems.push(`${new URL(url).pathname}:\n  ${bad.join("\n  ")}`);
      }
      expect(problems, `axe-core on the ${seen.size} page states this test visited`).toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };
