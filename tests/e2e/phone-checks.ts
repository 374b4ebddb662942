import type { Page } from "@playwright/test";
import { axeOnPage, seriousViolations } from "./axe";
import { expect } from "./fixtures";

/** The phone the issue was walked on: every check in this file runs at this size. */
export const PHONE = { width: 360, height: 740 } as const;

/** axe-core on the page as it is now: no serious or critical violation (WCAG 2.2 A/AA rules and best practices). */
export async function expectAccessible(page: Page, state: string, options: { menuOpen?: boolean } = {}) {
  // An open menu covers the page under it on purpose; axe would call those covered links too small.
  const bad = seriousViolations(await axeOnPage(page, options.menuOpen ? ["target-size"] : []));
  expect(bad, `axe on ${state}`).toEqual([]);
}

type Measure = { controls: string[]; text: string[]; inputs: string[] };

/**
 * Every visible control at least 44×44 px (a checkbox or radio counts with its label; a link inside a
 * sentence is exempt, as WCAG's inline exception allows), no visible text under 14 px, and form
 * inputs at 16 px so iOS does not zoom.
 */
export async function expectPhoneSized(page: Page, state: string) {
  const found = await page.evaluate((): Measure => {
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1 || r.bottom <= 0) return false;
      const style = getComputedStyle(el);
      return style.visibility !== "hidden" && !el.closest("details:not([open]) > :not(summary)") && el.checkVisibility();
    };
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""} "${(el.textContent ?? el.getAttribute("value") ?? "").trim().slice(0, 30)}"`;
    const inSentence = (el: Element) => {
      if (el.tagName !== "A" || el.classList.contains("btn") || el.classList.contains("btn-secondary")) return false;
      const parent = el.parentElement;
      return (
        !!parent &&
        ["P", "LI", "SPAN", "DD", "TD"].includes(parent.tagName) &&
        (parent.textContent ?? "").trim().length > (el.textContent ?? "").trim().length + 3
      );
    };
    const controls: string[] = [];
    for (const el of document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary")) {
      if (!visible(el) && !(el instanceof HTMLInputElement && ["checkbox", "radio"].includes(el.type))) continue;
      if (inSentence(el)) continue;
      let box = el;
      if (el instanceof HTMLInputElement && ["checkbox", "radio"].includes(el.type)) box = el.closest("label") ?? el;
      if (!visible(box)) continue;
      const r = box.getBoundingClientRect();
      if (r.height < 43.5 || r.width < 43.5) controls.push(`${name(el)} ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
    const text: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || !(node.textContent ?? "").trim() || ["SCRIPT", "STYLE", "OPTION"].includes(el.tagName) || !visible(el)) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < 14) text.push(`${name(el)} ${size}px`);
    }
    const inputs: string[] = [];
    for (const el of document.querySelectorAll("input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, textarea")) {
      if (visible(el) && parseFloat(getComputedStyle(el).fontSize) < 16) inputs.push(`${name(el)} ${getComputedStyle(el).fontSize}`);
    }
    return { controls, text, inputs };
  });
  expect(found.controls, `controls under 44×44 px on ${state}`).toEqual([]);
  expect(found.text, `text under 14 px on ${state}`).toEqual([]);
  expect(found.inputs, `inputs under 16 px on ${state}`).toEqual([]);
  expect(await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize)), "body text").toBeGreaterThanOrEqual(16);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), `no sideways scroll on ${state}`).toBeLessThanOrEqual(0);
}

/** Both checks, the usual call on each page state a test visits. */
export async function expectGoodOnPhone(page: Page, state: string, options: { menuOpen?: boolean } = {}) {
  await expectPhoneSized(page, state);
  await expectAccessible(page, state, options);
}
