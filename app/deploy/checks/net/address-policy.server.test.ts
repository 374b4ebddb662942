import fc from "fast-check";
import ipaddr from "ipaddr.js";
import { describe, expect, it, vi } from "vitest";
import { checkHostname, classifyAddress, resolveAndCheck, systemResolver, type BlockReason, type Resolver } from "./address-policy.server";

const strict = { allowLoopback: false };
const dev = { allowLoopback: true };

describe("classifyAddress", () => {
  const refused: [string, BlockReason][] = [
    ["10.0.0.1", "private"],
    ["10.255.255.255", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.254", "private"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "private"],
    ["100.127.255.254", "private"],
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["::1", "loopback"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:10.1.2.3", "private"],
    ["::ffff:169.254.169.254", "metadata"],
    ["169.254.1.1", "link-local"],
    ["fe80::1", "link-local"],
    ["febf::1", "link-local"],
    ["fc00::1", "private"],
    ["fd12:3456::1", "private"],
    ["169.254.169.254", "metadata"],
    ["168.63.129.16", "metadata"],
    ["100.100.100.200", "metadata"],
    ["fd00:ec2::254", "metadata"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["::", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["ff02::1", "multicast"],
    ["255.255.255.255", "reserved"],
    ["240.0.0.1", "reserved"],
    ["192.0.2.1", "reserved"],
    ["198.18.0.1", "reserved"],
    ["203.0.113.7", "reserved"],
    ["2001:db8::1", "reserved"],
    // IPv4-compatible ::/96: ipaddr.js calls ::7f00:1 unicast and reads "::127.0.0.1" as mapped.
    ["::127.0.0.1", "reserved"],
    ["::7f00:1", "reserved"],
    ["::8.8.8.8", "reserved"],
    // NAT64, 6to4 and Teredo embed IPv4 addresses.
    ["64:ff9b::7f00:1", "reserved"],
    ["64:ff9b::a00:1", "reserved"],
    ["2002:7f00:1::1", "reserved"],
    ["2001:0:4136:e378::1", "reserved"],
    // Not an address at all.
    ["example.com", "reserved"],
    ["", "reserved"],
    ["fe80::1%eth0", "reserved"],
  ];
  it.each(refused)("refuses %s as %s", (ip, reason) => {
    expect(classifyAddress(ip, strict)).toEqual({ allowed: false, reason });
  });

  it.each([
    "93.184.216.34",
    "8.8.8.8",
    "1.1.1.1",
    "172.32.0.1",
    "100.128.0.1",
    "2606:4700::1111",
    "2a00:1450:4001:80b::200e",
    "::ffff:93.184.216.34",
    "[2606:4700::1111]",
  ])("allows public %s", (ip) => {
    expect(classifyAddress(ip, strict)).toEqual({ allowed: true });
    expect(classifyAddress(ip, dev)).toEqual({ allowed: true });
  });

  it("allows loopback only when the operator allows local targets", () => {
    for (const ip of ["127.0.0.1", "127.0.0.53", "::1", "::ffff:127.0.0.1"]) {
      expect(classifyAddress(ip, dev)).toEqual({ allowed: true });
      expect(classifyAddress(ip, strict)).toEqual({ allowed: false, reason: "loopback" });
    }
  });

  it("keeps refusing everything else with allowLoopback", () => {
    for (const [ip, reason] of refused.filter(([, reason]) => reason !== "loopback")) {
      expect(classifyAddress(ip, dev)).toEqual({ allowed: false, reason });
    }
    expect(classifyAddress("::127.0.0.1", dev)).toEqual({ allowed: false, reason: "reserved" });
  });

  it("refuses every address ipaddr.js does not call unicast (property)", () => {
    const v4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((octets) => octets.join("."));
    const v6 = fc.array(fc.nat(0xffff), { minLength: 8, maxLength: 8 }).map((parts) => parts.map((part) => part.toString(16)).join(":"));
    // Bias toward special ranges so the property meets them often.
    const special = fc
      .constantFrom("10.", "127.", "169.254.", "192.168.", "100.64.", "224.", "240.", "0.")
      .chain((prefix) =>
        fc
          .array(fc.nat(255), { minLength: 4 - prefix.split(".").filter(Boolean).length, maxLength: 4 - prefix.split(".").filter(Boolean).length })
          .map((rest) => prefix + rest.join(".")),
      );
    const special6 = fc
      .constantFrom("fe80", "fc00", "fd00", "ff02", "64:ff9b", "2001:db8", "2002", "0")
      .chain((head) => fc.array(fc.nat(0xffff), { minLength: 6, maxLength: 6 }).map((rest) => `${head}::${rest.map((p) => p.toString(16)).join(":")}`));
    fc.assert(
      fc.property(fc.oneof(v4, v6, special, special6), (ip) => {
        fc.pre(ipaddr.isValid(ip));
        const range = ipaddr.process(ip).range();
        const verdict = classifyAddress(ip, strict);
        if (range !== "unicast") expect(verdict.allowed).toBe(false);
        if (verdict.allowed) expect(range).toBe("unicast");
      }),
      { numRuns: 2000 },
    );
  });
});

describe("checkHostname", () => {
  it.each([
    "localhost",
    "LOCALHOST",
    "localhost.",
    "app.localhost",
    "printer.local",
    "db.internal",
    "metadata.google.internal",
    "metadata",
    "db",
    "dpg-abc123-a",
    "router.home.arpa",
    "bad_label-.example.com",
    "exa mple.com",
    "a..b",
    "",
  ])("refuses %j", (name) => {
    const verdict = checkHostname(name, strict);
    expect(verdict.allowed).toBe(false);
    if (!verdict.allowed) {
      expect(verdict.reason).toBe("hostname");
      expect(verdict.detail).toMatch(/^[A-Z].*\.$/);
    }
  });

  it("allows localhost only with allowLoopback, and never *.localhost or metadata names", () => {
    expect(checkHostname("localhost", dev)).toEqual({ allowed: true });
    expect(checkHostname("app.localhost", dev).allowed).toBe(false);
    expect(checkHostname("metadata.google.internal", dev).allowed).toBe(false);
    expect(checkHostname("db", dev).allowed).toBe(false);
  });

  it.each(["example.com", "my-app.onrender.com", "db.eu-west-1.rds.amazonaws.com", "xn--bcher-kva.example", "Example.COM."])("allows %s", (name) => {
    expect(checkHostname(name, strict)).toEqual({ allowed: true });
  });
});

describe("resolveAndCheck", () => {
  const answering =
    (...addresses: string[]): Resolver =>
    async () =>
      addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }) as const);

  it("returns the checked public addresses", async () => {
    const result = await resolveAndCheck("app.example.com", strict, answering("93.184.216.34", "2606:4700::1111"));
    expect(result).toEqual({
      ok: true,
      addresses: [
        { address: "93.184.216.34", family: 4 },
        { address: "2606:4700::1111", family: 6 },
      ],
    });
  });

  it("refuses a name that resolves to a private address", async () => {
    const result = await resolveAndCheck("internal.example.com", strict, answering("10.0.0.1"));
    expect(result).toMatchObject({ ok: false, kind: "blocked", reason: "private" });
  });

  it("refuses when any one answer is disallowed (mixed answers)", async () => {
    for (const order of [
      ["93.184.216.34", "169.254.169.254"],
      ["169.254.169.254", "93.184.216.34"],
    ]) {
      const result = await resolveAndCheck("mixed.example.com", strict, answering(...order));
      expect(result).toMatchObject({ ok: false, kind: "blocked", reason: "metadata" });
    }
  });

  it("fails closed on an empty answer, a lookup error and a non-address answer", async () => {
    expect(await resolveAndCheck("empty.example.com", strict, answering())).toMatchObject({ ok: false, kind: "dns" });
    const notFound: Resolver = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND nope.example.com"), { code: "ENOTFOUND" });
    };
    const result = await resolveAndCheck("nope.example.com", strict, notFound);
    expect(result).toMatchObject({ ok: false, kind: "dns" });
    if (!result.ok) expect(result.detail).not.toContain("getaddrinfo");
    const odd = await resolveAndCheck("odd.example.com", strict, answering("not-an-ip"));
    expect(odd).toMatchObject({ ok: false, kind: "dns" });
  });

  it("resolves once and returns exactly the answer it checked, even if DNS changes afterwards (rebinding)", async () => {
    const answers = ["93.184.216.34", "127.0.0.1"];
    const resolver = vi.fn<Resolver>(async () => [{ address: answers.shift()!, family: 4 }]);
    const first = await resolveAndCheck("rebind.example.com", strict, resolver);
    expect(first).toEqual({ ok: true, addresses: [{ address: "93.184.216.34", family: 4 }] });
    expect(resolver).toHaveBeenCalledTimes(1);
    // The second answer (what a later, second resolution would see) is refused when it is checked.
    const second = await resolveAndCheck("rebind.example.com", strict, resolver);
    expect(second).toMatchObject({ ok: false, kind: "blocked", reason: "loopback" });
  });

  it("checks IP literals directly without calling the resolver", async () => {
    const resolver = vi.fn<Resolver>(answering("93.184.216.34"));
    expect(await resolveAndCheck("10.0.0.1", strict, resolver)).toMatchObject({ ok: false, kind: "blocked", reason: "private" });
    expect(await resolveAndCheck("[::1]", strict, resolver)).toMatchObject({ ok: false, kind: "blocked", reason: "loopback" });
    expect(await resolveAndCheck("[::1]", dev, resolver)).toEqual({ ok: true, addresses: [{ address: "::1", family: 6 }] });
    expect(await resolveAndCheck("93.184.216.34", strict, resolver)).toEqual({ ok: true, addresses: [{ address: "93.184.216.34", family: 4 }] });
    expect(resolver).not.toHaveBeenCalled();
  });

  it("refuses names before resolving them", async () => {
    const resolver = vi.fn<Resolver>(answering("93.184.216.34"));
    expect(await resolveAndCheck("metadata.google.internal", strict, resolver)).toMatchObject({ ok: false, kind: "blocked", reason: "hostname" });
    expect(await resolveAndCheck("localhost", strict, resolver)).toMatchObject({ ok: false, kind: "blocked", reason: "hostname" });
    expect(resolver).not.toHaveBeenCalled();
  });

  it.each(["0x7f000001", "2130706433", "0177.0.0.1", "127.1"])(
    "resolves the disguised loopback %s through the system lookup and refuses the result",
    async (host) => {
      const result = await resolveAndCheck(host, strict, systemResolver);
      expect(result).toMatchObject({ ok: false, kind: "blocked", reason: "loopback" });
    },
  );

  it("does not echo the resolved address or the name in its detail", async () => {
    const result = await resolveAndCheck("secret-internal.example.com", strict, answering("10.20.30.40"));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.detail).not.toContain("10.20.30.40");
      expect(result.detail).not.toContain("secret-internal");
    }
  });
});
