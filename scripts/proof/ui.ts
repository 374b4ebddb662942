import type { Page } from "@playwright/test";
import { SETUP_CATALOGUE } from "../../app/workspace/setup-catalogue";
import { eventually } from "./check";

/** Page helpers for the browser half of the proof: screenshots, the badge, check lists. */
export type CheckRow = { id: string; status: string; title: string; detail: string; timing: string; http: string; fix: string };

export const badge = (page: Page) => page.getByTestId("deploy-badge");

export async function expectBadge(page: Page, state: "ACTION_REQUIRED" | "BLOCKED" | "LIVE", when: string) {
  await eventually(`badge ${when}`, state, () => badge(page).getAttribute("data-state"));
}

export async function expectUrl(page: Page, path: string) {
  await eventually("page reached", path, async () => new URL(page.url()).pathname);
}

export async function expectAttribute(page: Page, selector: string, attribute: string, expected: string, what: string) {
  await eventually(what, expected, () => page.locator(selector).first().getAttribute(attribute, { timeout: 1_000 }));
}

/** The check list as the page shows it: status, title, detail, the "id · N ms · HTTP n" line and the fix. */
export async function readChecks(page: Page): Promise<CheckRow[]> {
  return page.locator("[data-check]").evaluateAll((nodes) =>
    nodes.map((node) => {
      const parts = Array.from(node.children).map((child) => (child.textContent ?? "").replace(/\s+/g, " ").trim());
      const meta = parts[2] ?? "";
      return {
        id: node.getAttribute("data-check") ?? "",
        status: node.getAttribute("data-status") ?? "",
        title: (node.children[0]?.firstElementChild?.textContent ?? "").trim(),
        detail: parts[1] ?? "",
        timing: /(\d+) ms/.exec(meta)?.[1] ?? "",
        http: /HTTP (\d+)/.exec(meta)?.[1] ?? "",
        fix: (parts[3] ?? "").replace(/^Fix:\s*/, "").replace(/\s*Go there$/, ""),
      };
    }),
  );
}

export async function markRequiredSetupDone(page: Page) {
  const marked: string[] = [];
  for (const item of SETUP_CATALOGUE.filter((entry) => entry.required)) {
    const button = page.getByRole("button", { name: `Mark done: ${item.title}` });
    if (await button.count()) {
      await button.click();
      await eventually(`setup item "${item.title}"`, 1, () => page.getByRole("button", { name: `Mark as not done: ${item.title}` }).count());
      marked.push(item.title);
    }
  }
  return marked;
}

/**
 * Replaces every occurrence of the given values in the page's text and form fields with
 * `<secret: N chars>` before a screenshot, and returns what is visible so the caller can check
 * that nothing is left.
 */
export async function maskValues(page: Page, values: string[]) {
  const pairs = values.map((value) => [value, `<secret: ${value.length} chars>`] as const);
  // No named functions inside: tsx would wrap them in a helper that does not exist in the page.
  return page.evaluate((replacements) => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const [value, marker] of replacements) node.nodeValue = (node.nodeValue ?? "").split(value).join(marker);
    }
    for (const field of Array.from(document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>("input, textarea"))) {
      for (const [value, marker] of replacements) field.value = field.value.split(value).join(marker);
    }
    // What a screenshot can show: rendered text and field values (not the hydration data in scripts).
    const fields = Array.from(document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>("input, textarea")).map((field) => field.value);
    return [document.body.innerText, ...fields].join("\n");
  }, pairs);
}
