import type { ProviderId } from "./providers";

/**
 * What usually goes wrong with a database URL on each host, named by its host name: the documented
 * private addresses that only the host's own services reach (Render's internal host, Railway's
 * private network, Fly's private addresses). Shown with a failed connection test in step C, with
 * the two ways out: the public URL, or "only reachable from my host" (checked from inside at
 * verification). Pure, so the page and the API say the same.
 */
export const PRIVATE_CHOICE =
  'Or, if your app will reach it over the host\'s private network, tick "Only reachable from my host": verification then checks it from inside your app.';

export function databaseHints(provider: ProviderId | null, host: string): string[] {
  const name = host.toLowerCase();
  if (/^dpg-[a-z0-9]+-a$/.test(name))
    return [
      `${host} is Render's internal host name (dpg-…-a, no domain): it resolves only inside Render. For a test from here, copy the External Database URL from the database's Info page (host dpg-…-a.<region>-postgres.render.com).`,
      PRIVATE_CHOICE,
    ];
  if (name.endsWith(".railway.internal"))
    return [
      `${host} is Railway's private network, reachable only inside the project. For a test from here, use the Postgres service's DATABASE_PUBLIC_URL (a TCP proxy such as <name>.proxy.rlwy.net:<port>).`,
      PRIVATE_CHOICE,
    ];
  if (/\.(flycast|internal)$/.test(name) || name.endsWith(".flympg.net"))
    return [
      `${host} is one of Fly's private addresses (….flycast, ….internal, ….flympg.net): only your Fly apps reach it. For a test from here, use a PostgreSQL with a public address.`,
      PRIVATE_CHOICE,
    ];
  if (isPrivateAddressLiteral(name)) return [`${host} is a private network address: only machines on that network reach it.`, PRIVATE_CHOICE];
  if (provider === "RENDER" && !name.includes(".")) return [`Render's internal host names have no domain: use the External Database URL.`, PRIVATE_CHOICE];
  return [];
}

function isPrivateAddressLiteral(host: string) {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(host);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  return /^\[?f[cd][0-9a-f]{2}:/.test(host);
}
