import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { E2E } from "./tests/e2e/e2e-env";

// Debian's Chromium where present (these machines cannot download Playwright's own browser).
const chromium = existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;
const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: false, hasTouch: true };

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  globalSetup: "./tests/e2e/run-start.setup.ts",
  globalTeardown: "./tests/e2e/log-scan.teardown.ts",
  reporter: process.env.CI ? [["list"], ["json", { outputFile: "test-results/e2e-results.json" }]] : [["list"]],
  use: {
    baseURL: E2E.platformUrl,
    ...devices["Desktop Chrome"],
    ...phone,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    { name: "js-off", use: { javaScriptEnabled: false } },
    { name: "js-on", use: { javaScriptEnabled: true } },
  ],
  webServer: {
    command: "bash scripts/e2e-platform.sh",
    url: `${E2E.platformUrl}/ready`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
  },
});
