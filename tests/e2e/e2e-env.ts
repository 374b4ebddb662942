/** Where the end-to-end platform instance runs (scripts/e2e-platform.sh reads the same variables).
 * E2E_PORT lets several people run the suite side by side on one machine. */
const port = Number(process.env.E2E_PORT ?? 4310);

export const E2E = {
  platformPort: port,
  platformUrl: `http://127.0.0.1:${port}`,
  dataDir: `.tmp/e2e-platform-${port}`,
  logFile: `.tmp/e2e-platform-${port}.log`,
  demoPassword: "golive-demo-2026",
};
