import AxeBuilder from "@axe-core/playwright";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "@playwright/test";

/** WCAG 2.2 A and AA rules and axe's best practices. */
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

type Results = Awaited<ReturnType<AxeBuilder["analyze"]>>;

/** The serious and critical violations, one readable line each. */
export function seriousViolations(results: Results) {
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.impact}, ${v.nodes.length}×): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => `${n.target.join(" ")}: ${n.failureSummary ?? ""}`)
          .join(" | ")}`,
    );
}

/**
 * axe on a page's HTML as it stood (open menus included, scripts removed), served again at its own
 * address to a scripted page that loads the same stylesheet: axe is a script, and a page with
 * JavaScript off cannot run it.
 */
export async function axeOnHtml(browser: Browser, input: { url: string; html: string; viewport: { width: number; height: number } | null; skip?: string[] }) {
  const context = await browser.newContext({ javaScriptEnabled: true, viewport: input.viewport ?? { width: 390, height: 844 } });
  try {
    const copy = await context.newPage();
    const html = input.html.replace(/<script\b[\s\S]*?<\/script>/gi, "");
    const address = input.url.split("#")[0]!;
    // Only the document is served from the copy (a fragment is never part of a request); the stylesheet comes from the server.
    await copy.route(
      (url) => url.href.split("#")[0] === address,
      (route) => route.fulfill({ body: html, contentType: "text/html; charset=utf-8" }),
    );
    await copy.goto(address, { waitUntil: "load" });
    const isStyled = () => copy.evaluate(() => getComputedStyle(document.body).backgroundColor !== "rgba(0, 0, 0, 0)");
    // Another build on this machine may have replaced the stylesheet the server named: use the build's current one.
    if (!(await isStyled())) await copy.addStyleTag({ content: currentStylesheet() });
    const styled = await isStyled();
    if (!styled) throw new Error(`the stylesheet did not load for the copy of ${input.url}: ${[...html.matchAll(/<link[^>]*stylesheet[^>]*>/g)].join(" ")}`);
    return await new AxeBuilder({ page: copy })
      .withTags(TAGS)
      .disableRules(input.skip ?? [])
      .analyze();
  } finally {
    await context.close();
  }
}

/** axe on the page as it is now: in the page itself when its scripts run, else on a copy of its HTML. */
export async function axeOnPage(page: Page, skip: string[] = []) {
  const scripted = await page.evaluate(() => "__remixContext" in window).catch(() => false);
  if (scripted) return new AxeBuilder({ page }).withTags(TAGS).disableRules(skip).analyze();
  return axeOnHtml(page.context().browser()!, { url: page.url(), html: await page.content(), viewport: page.viewportSize(), skip });
}

function currentStylesheet() {
  const dir = "build/client/assets";
  const newest = readdirSync(dir)
    .filter((name) => name.endsWith(".css"))
    .map((name) => ({ name, at: statSync(path.join(dir, name)).mtimeMs }))
    .sort((a, b) => b.at - a.at)[0];
  return newest ? readFileSync(path.join(dir, newest.name), "utf8") : "";
}
