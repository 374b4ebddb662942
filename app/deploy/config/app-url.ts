import { domainToUnicode } from "node:url";
import { PROVIDER_GUIDES, providerGuide, type ProviderId } from "./providers";

export type AppUrlResult = { ok: true; url: string; warnings: string[] } | { ok: false; message: string };

const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;
const IPV4_LITERAL = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * Step B: the live URL, normalised to an origin (scheme, host, port; no trailing slash), which is
 * also the audience of verification tokens. https only; plain http only to loopback and only when
 * the operator allows local targets for development.
 */
export function normaliseAppUrl(raw: string, options: { allowLocalHttp: boolean; provider?: ProviderId | null }): AppUrlResult {
  const input = raw.trim();
  if (!input) return { ok: false, message: "Enter the address where your app answers, such as https://my-app.onrender.com." };
  if (input.length > 2048) return { ok: false, message: "That address is too long." };
  if (!/^https?:\/\//i.test(input)) return { ok: false, message: "The address must start with https://." };
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return { ok: false, message: "That is not a valid web address. Copy it from your host's dashboard, for example https://my-app.onrender.com." };
  }
  if (url.username || url.password)
    return { ok: false, message: "Remove the user name and password from the address: the live URL must not carry credentials." };
  if (url.search || input.includes("?")) return { ok: false, message: "Remove the query (the part after ?): enter only the address of the app." };
  if (url.hash || input.includes("#")) return { ok: false, message: "Remove the fragment (the part after #): enter only the address of the app." };
  if (url.pathname !== "/") return { ok: false, message: `Remove the path (${url.pathname}): the app must be served at the root of its address.` };

  const host = url.hostname.toLowerCase();
  // Node 20's URL parser refuses a malformed xn-- label; Node 22 and later keep it as it is.
  if (host.split(".").some((label) => label.startsWith("xn--") && !isValidPunycode(label)))
    return { ok: false, message: "That address has an invalid internationalised part (xn--…). Copy the address from your host's dashboard." };
  const loopback = LOOPBACK_HOSTS.test(host);
  if (url.protocol === "http:") {
    if (!(loopback && options.allowLocalHttp))
      return { ok: false, message: "Use https://. Plain http works only for a test copy running on this same computer." };
  } else if (loopback && !options.allowLocalHttp) {
    return { ok: false, message: "That address points at this machine. Enter the public address of your deployed app." };
  }
  if (!loopback && (IPV4_LITERAL.test(host) || host.startsWith("["))) {
    return { ok: false, message: "Use your app's domain name, not an IP address: certificates and verification are tied to the name." };
  }
  if (!loopback && !host.includes(".")) return { ok: false, message: "That host name has no domain (like .com or .app). Enter the full public address." };
  const portProblem = checkPort(url.port, loopback);
  if (portProblem) return { ok: false, message: portProblem };

  const typo = likelyTypo(host);
  if (typo)
    return {
      ok: false,
      message: `Did you mean https://${typo}? Hosts give addresses ending in .${typo.split(".").slice(1).join(".")}; check the address in your host's dashboard.`,
    };

  const origin = `${url.protocol}//${host}${url.port ? `:${url.port}` : ""}`;
  const warnings: string[] = [];
  if (options.provider && !loopback) {
    const guide = providerGuide(options.provider);
    if (guide.urlHostPattern && !guide.urlHostPattern.test(host)) {
      warnings.push(
        `This does not look like a ${guide.name} address (usually ${guide.urlShape}). If it is your own domain pointed at ${guide.name}, that is fine.`,
      );
    }
  }
  return { ok: true, url: origin, warnings };
}

/** Ports below this are the well-known services (ssh 22, smtp 25, …); a web app is served on 443 or an unprivileged port. */
const FIRST_UNPRIVILEGED_PORT = 1024;

/**
 * The port of a live URL (`port` as the URL parser gives it: empty for the scheme's default). A
 * public address uses the https default (443) or a port from 1024 up; loopback, allowed only in
 * development, any port but 0.
 */
function checkPort(port: string, loopback: boolean): string | null {
  if (port === "") return null;
  const value = Number(port);
  if (value === 0) return "Port 0 is not a port an app can answer on. Remove :0 from the address (https uses 443).";
  if (loopback || value >= FIRST_UNPRIVILEGED_PORT) return null;
  return `Port ${value} is reserved for other services, not a web app. Remove :${value} to use the standard https port (443), or enter the port your host gives the app (1024 or above, such as 8443).`;
}

/** The hosts' own address endings (onrender.com, fly.dev, …), from their guides. */
const HOST_SUFFIXES = Object.values(PROVIDER_GUIDES).flatMap((guide) =>
  guide.urlHostPattern ? [new URL(guide.urlExample).hostname.split(".").slice(1).join(".")] : [],
);

/**
 * An address one slip away from a host's own ending (my-app.onrender.co, my-app.fly.de): the corrected
 * address, so the page can ask "did you mean". An exact ending, or one far from all of them, is null.
 */
export function likelyTypo(host: string): string | null {
  const [name, ...rest] = host.split(".");
  const suffix = rest.join(".");
  if (!name || !suffix) return null;
  for (const known of HOST_SUFFIXES) {
    if (suffix !== known && editDistance(suffix, known) <= 2 && suffix.split(".")[0] === known.split(".")[0]) return `${name}.${known}`;
  }
  return null;
}

function editDistance(a: string, b: string) {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** An xn-- label that decodes to something else: Node gives back "" (20) or the label itself (22+) when it does not. */
function isValidPunycode(label: string) {
  const decoded = domainToUnicode(label);
  return decoded !== "" && !decoded.startsWith("xn--");
}
