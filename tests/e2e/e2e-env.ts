/** Where the end-to-end platform instance runs (scripts/e2e-platform.sh reads the same values). */
export const E2E = {
  platformPort: 4310,
  platformUrl: "http://127.0.0.1:4310",
  dataDir: ".tmp/e2e-platform",
  logFile: ".tmp/e2e-platform.log",
  demoPassword: "golive-demo-2026",
};
