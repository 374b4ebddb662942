import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { E2E } from "./e2e-env";
import { TENANT_DB_PASSWORD } from "./live-instance";

/**
 * After the end-to-end run: no secret value may appear in any server log of this run (the platform
 * and every live instance). Secrets are the platform's own (from its data directory), the ones the
 * wizard generated during the run (recorded by the tests in .tmp/e2e-secrets-*.json) and the tenant
 * database password; each is looked for as is and URL-encoded.
 */
export default async function scanLogsForSecrets() {
  const startedAt = Number(process.env.E2E_RUN_STARTED_AT ?? 0);
  const secrets = new Set<string>([TENANT_DB_PASSWORD]);
  const platformSecrets = path.join(E2E.dataDir, "secrets.json");
  if (existsSync(platformSecrets))
    for (const value of Object.values(JSON.parse(readFileSync(platformSecrets, "utf8")) as Record<string, string>)) secrets.add(value);
  for (const file of readdirSync(".tmp").filter((name) => /^e2e-secrets-.*\.json$/.test(name))) {
    for (const value of Object.values(JSON.parse(readFileSync(path.join(".tmp", file), "utf8")) as Record<string, string>)) secrets.add(value);
  }
  const logs = readdirSync(".tmp")
    .filter((name) => name.endsWith(".log"))
    .map((name) => path.join(".tmp", name))
    .filter((file) => statSync(file).mtimeMs >= startedAt);
  const leaks: string[] = [];
  for (const file of logs) {
    const text = readFileSync(file, "utf8");
    for (const secret of secrets) {
      for (const form of new Set([secret, encodeURIComponent(secret)])) {
        if (text.includes(form)) leaks.push(`${file} contains a secret (${secret.length} characters)`);
      }
    }
  }
  if (secrets.size < 4 || logs.length === 0) throw new Error(`log scan had nothing to scan (secrets: ${secrets.size}, logs: ${logs.length})`);
  if (leaks.length) throw new Error(`Secrets found in server logs:\n${leaks.join("\n")}`);
  console.log(`Log scan: ${logs.length} server logs, ${secrets.size} secret values, no leaks.`);
}
