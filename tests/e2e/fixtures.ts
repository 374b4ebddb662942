import { test as base, expect, type Page } from "@playwright/test";
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

export const test = base;
export { expect };
