import { promises as dns } from "node:dns";
import net from "node:net";
import ipaddr from "ipaddr.js";

/**
 * Which addresses the platform may connect to on a tenant's behalf (SECURITY.md, "Outbound
 * calls"). Decisions are made on resolved addresses, never on names: a name only gets past the
 * first gate (checkHostname); every address it resolves to must then be public unicast.
 */
export type AddressPolicy = { allowLoopback: boolean };
export type BlockReason = "loopback" | "private" | "link-local" | "metadata" | "reserved" | "unspecified" | "multicast" | "hostname";
export type ResolvedAddress = { address: string; family: 4 | 6 };
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

type Verdict = { allowed: true } | { allowed: false; reason: BlockReason };

/** Cloud metadata and platform-internal endpoints, named so the reason says what they are. */
const METADATA_ADDRESSES = new Set(
  [
    "169.254.169.254", // AWS, GCP, Azure, DigitalOcean, OpenStack instance metadata
    "169.254.170.2", // AWS ECS task metadata
    "169.254.169.253", // AWS VPC DNS
    "168.63.129.16", // Azure wire server (ipaddr.js calls it unicast)
    "100.100.100.200", // Alibaba Cloud metadata
    "192.0.0.192", // Oracle Cloud metadata
    "fd00:ec2::254", // AWS metadata over IPv6
    "fd00:ec2::23", // AWS Time Sync / DNS over IPv6
  ].map((literal) => ipaddr.parse(literal).toNormalizedString()),
);

const IPV4_REASONS: Record<string, BlockReason> = {
  unspecified: "unspecified",
  broadcast: "reserved",
  multicast: "multicast",
  linkLocal: "link-local",
  loopback: "loopback",
  carrierGradeNat: "private",
  private: "private",
};

const IPV6_REASONS: Record<string, BlockReason> = {
  unspecified: "unspecified",
  linkLocal: "link-local",
  multicast: "multicast",
  loopback: "loopback",
  uniqueLocal: "private",
  deprecatedSiteLocal: "private",
};

/**
 * Parse an IP literal. IPv6 text goes through the WHATWG URL serialiser first: ipaddr.js reads a
 * dotted tail ("::127.0.0.1") as IPv4-mapped, while the socket would use the IPv4-compatible
 * address ::7f00:1, so the hex form is what gets judged. process() then turns ::ffff:a.b.c.d into
 * the IPv4 address it carries.
 */
function parseIp(ip: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const bare = ip.trim().replace(/^\[(.*)\]$/, "$1");
  if (bare.includes("%")) return null; // zone ids name an interface: link-local by definition
  let text = bare;
  if (net.isIPv6(bare)) {
    try {
      text = new URL(`http://[${bare}]/`).hostname.slice(1, -1);
    } catch {
      return null;
    }
  }
  if (!ipaddr.isValid(text)) return null;
  return ipaddr.process(text);
}

/** Decide one IP literal. Anything that is not plainly an IP address is refused. */
export function classifyAddress(ip: string, policy: AddressPolicy): Verdict {
  const address = parseIp(ip);
  if (!address) return { allowed: false, reason: "reserved" };
  if (METADATA_ADDRESSES.has(address.toNormalizedString())) return { allowed: false, reason: "metadata" };
  const range = address.range();
  if (address.kind() === "ipv6" && range === "unicast" && isIpv4Compatible(address as ipaddr.IPv6)) {
    // ::/96 (deprecated IPv4-compatible form): ipaddr.js calls it unicast; some stacks route it to IPv4.
    return { allowed: false, reason: "reserved" };
  }
  if (range === "unicast") return { allowed: true };
  const reason = (address.kind() === "ipv4" ? IPV4_REASONS : IPV6_REASONS)[range] ?? "reserved";
  if (reason === "loopback" && policy.allowLoopback) return { allowed: true };
  return { allowed: false, reason };
}

function isIpv4Compatible(address: ipaddr.IPv6) {
  return address.parts.slice(0, 6).every((part) => part === 0);
}

export function isLoopbackAddress(ip: string): boolean {
  return parseIp(ip)?.range() === "loopback";
}

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;
const LOCAL_SUFFIXES = [".localhost", ".local", ".internal", ".home.arpa", ".localdomain"];

export function normaliseHostname(hostname: string) {
  return hostname
    .trim()
    .replace(/^\[(.*)\]$/, "$1")
    .toLowerCase()
    .replace(/\.$/, "");
}

/** The name-level gate, before any lookup. The addresses a name resolves to are checked afterwards. */
export function checkHostname(hostname: string, policy: AddressPolicy): { allowed: true } | { allowed: false; reason: "hostname"; detail: string } {
  const name = normaliseHostname(hostname);
  const refuse = (detail: string) => ({ allowed: false as const, reason: "hostname" as const, detail });
  if (!name) return refuse("The address has no host name.");
  // Legacy numeric forms (0x7f000001, 2130706433, 127.1) are addresses, not names: the lookup
  // turns them into an address and that address is what gets checked.
  if (net.isIP(name) || ipaddr.IPv4.isValid(name)) return { allowed: true };
  if (name.length > 253 || !name.split(".").every((label) => LABEL.test(label))) {
    return refuse("The host name is not a valid DNS name (letters, digits and hyphens, separated by dots).");
  }
  if (name === "localhost") {
    return policy.allowLoopback ? { allowed: true } : refuse("The host name points at the platform's own machine, which it does not connect to.");
  }
  if (name === "metadata.google.internal" || name === "metadata" || name === "instance-data") {
    return refuse("The host name is a cloud metadata service, which the platform never connects to.");
  }
  if (LOCAL_SUFFIXES.some((suffix) => name.endsWith(suffix))) {
    return refuse("The host name is a local or internal name (such as .local or .internal) that only works inside a private network.");
  }
  if (!name.includes(".")) {
    return refuse("The host name has no domain (such as .com): single-word names only work inside a private network.");
  }
  return { allowed: true };
}

export const systemResolver: Resolver = async (hostname) => {
  const answers = await dns.lookup(hostname, { all: true, verbatim: true });
  return answers.map((answer) => ({ address: answer.address, family: answer.family === 6 ? 6 : 4 }));
};

const BLOCK_DETAILS: Record<BlockReason, string> = {
  loopback: "The address points at the platform's own machine (loopback), which it does not connect to.",
  private: "The address is on a private network, which the platform does not connect to. Use the public address your provider gives you.",
  "link-local": "The address is a link-local address that only works on the local network segment.",
  metadata: "The address belongs to a cloud metadata service, which the platform never connects to.",
  reserved: "The address is in a reserved or special-purpose range that is not reachable on the public internet.",
  unspecified: "The address is the unspecified address (0.0.0.0 or ::), which names no host.",
  multicast: "The address is a multicast address, not a single host.",
  hostname: "The host name is not one the platform connects to.",
};

export function blockDetail(reason: BlockReason) {
  return BLOCK_DETAILS[reason];
}

export type ResolveResult = { ok: true; addresses: ResolvedAddress[] } | { ok: false; kind: "blocked" | "dns"; detail: string; reason?: BlockReason };

/**
 * Resolve a host once and decide on every answer. The caller must connect to the returned
 * addresses (never resolve the name again): that is what closes the DNS-rebinding gap.
 */
export async function resolveAndCheck(hostname: string, policy: AddressPolicy, resolver: Resolver = systemResolver): Promise<ResolveResult> {
  const name = normaliseHostname(hostname);
  const family = net.isIP(name);
  if (family === 4 || family === 6) {
    const verdict = classifyAddress(name, policy);
    if (!verdict.allowed) return { ok: false, kind: "blocked", reason: verdict.reason, detail: BLOCK_DETAILS[verdict.reason] };
    return { ok: true, addresses: [{ address: name, family }] };
  }
  const nameCheck = checkHostname(name, policy);
  if (!nameCheck.allowed) return { ok: false, kind: "blocked", reason: "hostname", detail: nameCheck.detail };

  let answers: ResolvedAddress[];
  try {
    answers = await resolver(name);
  } catch (error) {
    return { ok: false, kind: "dns", detail: dnsErrorDetail(error) };
  }
  if (!Array.isArray(answers) || answers.length === 0) {
    return { ok: false, kind: "dns", detail: "The host name has no address records (DNS returned no answer)." };
  }
  const addresses: ResolvedAddress[] = [];
  for (const answer of answers) {
    const answerFamily = net.isIP(answer?.address ?? "");
    if (answerFamily !== 4 && answerFamily !== 6) {
      return { ok: false, kind: "dns", detail: "DNS returned something that is not an address for this host name." };
    }
    const verdict = classifyAddress(answer.address, policy);
    if (!verdict.allowed) {
      // One bad answer is enough: a resolver that mixes public and private answers is how rebinding works.
      return { ok: false, kind: "blocked", reason: verdict.reason, detail: `The host name resolves to a refused address. ${BLOCK_DETAILS[verdict.reason]}` };
    }
    addresses.push({ address: answer.address, family: answerFamily });
  }
  return { ok: true, addresses };
}

function dnsErrorDetail(error: unknown) {
  const code = typeof error === "object" && error !== null && "code" in error ? String((error as { code: unknown }).code) : "";
  if (code === "ENOTFOUND" || code === "ENODATA" || code === "EAI_NONAME") {
    return "The host name was not found in DNS. Check it for typos, and that the DNS record exists.";
  }
  if (code === "EAI_AGAIN" || code === "ETIMEOUT" || code === "ESERVFAIL") {
    return "DNS did not answer for this host name right now. Try again in a minute.";
  }
  return "The host name could not be resolved.";
}
