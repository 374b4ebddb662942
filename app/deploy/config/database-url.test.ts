import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatDatabaseUrl, maskDatabaseUrl, parseDatabaseUrl, type ParsedDatabaseUrl } from "./database-url";

function parsed(raw: string): ParsedDatabaseUrl {
  const result = parseDatabaseUrl(raw);
  if (!result.ok) throw new Error(`expected ${raw} to parse: ${result.message}`);
  return result.value;
}

function message(raw: string): string {
  const result = parseDatabaseUrl(raw);
  if (result.ok) throw new Error(`expected ${raw} to be refused`);
  return result.message;
}

describe("parseDatabaseUrl", () => {
  it("reads every part of a provider URL", () => {
    expect(parsed("postgresql://app:s3cret@db.example.com:6543/appdb?sslmode=require")).toEqual({
      scheme: "postgresql",
      host: "db.example.com",
      port: 6543,
      user: "app",
      password: "s3cret",
      database: "appdb",
      sslmode: "require",
    });
  });

  it("names a Railway variable reference instead of calling it a bad URL", () => {
    for (const raw of ["${{Postgres.DATABASE_URL}}", "postgresql://u:p@${{Postgres.PGHOST}}:5432/railway"]) {
      const result = parseDatabaseUrl(raw);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toMatch(/Railway variable reference.*DATABASE_PUBLIC_URL/);
    }
  });

  it("accepts postgres:// and fills the default port and sslmode", () => {
    expect(parsed("  postgres://app:pw@DB.Example.com/app  ")).toMatchObject({ scheme: "postgresql", host: "db.example.com", port: 5432, sslmode: "prefer" });
  });

  it("refuses mysql:// and mariadb://: this app runs on PostgreSQL", () => {
    for (const raw of [
      "mysql://app:hunter2@db.example.com/shop",
      "mariadb://app:hunter2@db.example.com:3307/shop",
      "MySQL://app:hunter2@db.example.com:3306/shop",
    ]) {
      expect(message(raw)).toMatch(
        /^This app runs on PostgreSQL; MySQL and MariaDB cannot run it\. Use a PostgreSQL database URL \(it starts with postgresql:\/\/\)\.$/,
      );
      expect(message(raw)).not.toContain("hunter2");
    }
  });

  it.each([
    ["p%40ss", "p@ss"],
    ["p%3Ass%2Fw%3Fo%23rd", "p:ss/w?o#rd"],
    ["100%25", "100%"],
    ["a:b:c", "a:b:c"],
    ["p@ss@word", "p@ss@word"],
    ["%E2%82%AC%20x", "€ x"],
  ])("decodes the password %s", (encoded, decoded) => {
    expect(parsed(`postgresql://app:${encoded}@db.example.com/app`).password).toBe(decoded);
  });

  it("decodes the user and database", () => {
    expect(parsed("postgresql://app%2Buser:pw@db.example.com/my%20db")).toMatchObject({ user: "app+user", database: "my db" });
  });

  it.each([
    ["[2001:db8::10]:5433", "2001:db8::10", 5433],
    ["[2606:4700::1111]", "2606:4700::1111", 5432],
    ["[::1]", "::1", 5432],
    ["203.0.113.10:5432", "203.0.113.10", 5432],
  ])("reads the host %s", (hostport, host, port) => {
    expect(parsed(`postgresql://app:pw@${hostport}/app`)).toMatchObject({ host, port });
  });

  it.each([
    ["postgresql://app@db.example.com/app", /no password/],
    ["postgresql://app:@db.example.com/app", /no password/],
    ["postgresql://:pw@db.example.com/app", /no user name/],
    ["postgresql://db.example.com/app", /no user name and password/],
    ["postgresql://app:pw@db.example.com", /no database name/],
    ["postgresql://app:pw@db.example.com/", /no database name/],
    ["postgresql://app:pw@/app", /no host/],
    ["postgresql://app:pw@db.example.com:99999/app", /port/],
    ["postgresql://app:pw@db.example.com:abc/app", /port/],
    ["postgresql://app:pw@db.example.com:/app", /no port number/],
    ["postgresql://app:pw@db.example.com/app/extra", /contains a \//],
    ["postgresql://app:pw@db.example.com/app#frag", /#/],
    ["postgresql://app:p%zzw@db.example.com/app", /%25/],
    ["postgresql://app:pa/ss@db.example.com/app", /URL-encode/],
    ["postgresql://app:pw@db1.example.com,db2.example.com/app", /single host/],
    ["postgresql://app:pw@2001:db8::1/app", /brackets/],
    ["postgresql://app:pw@[2001:db8::zz]/app", /IPv6/],
    ["postgresql://app:pw@[fe80::1%25eth0]/app", /zone/],
    ["postgresql://app:pw@db_.exa mple.com/app", /spaces/],
    ["postgresql://app:pw@-db.example.com/app", /valid host name/],
    ["postgresql:app:pw@db.example.com/app", /postgresql:\/\/user/],
    ["", /Enter your database URL/],
  ])("refuses %j with a message that names the fix", (raw, expected) => {
    expect(message(raw)).toMatch(expected);
  });

  it.each(["0x7f000001", "2130706433", "0177.0.0.1", "127.1", "0x7f.0.0.1", "010.0.0.1"])("refuses the disguised numeric host %s", (host) => {
    expect(message(`postgres://u:p@${host}/db`)).toMatch(/unusual form/);
  });

  it("accepts host names that only start like numbers", () => {
    expect(parsed("postgresql://app:pw@0xdb.example.com/app").host).toBe("0xdb.example.com");
    expect(parsed("postgresql://app:pw@1e100.net/app").host).toBe("1e100.net");
  });

  it.each([
    "host",
    "hostaddr",
    "port",
    "user",
    "password",
    "dbname",
    "sslcert",
    "sslkey",
    "sslrootcert",
    "sslpassword",
    "options",
    "application_name",
    "passfile",
    "service",
    "ssl",
    "uselibpqcompat",
  ])("refuses the query key %s", (key) => {
    const text = message(`postgresql://app:pw@db.example.com/app?sslmode=require&${key}=/etc/passwd`);
    expect(text).toMatch(/only sslmode is/);
    expect(text).not.toContain("/etc/passwd");
  });

  it("refuses unknown and repeated sslmode values", () => {
    expect(message("postgresql://app:pw@db.example.com/app?sslmode=verify-ca")).toMatch(/disable, prefer, require or verify-full/);
    expect(message("postgresql://app:pw@db.example.com/app?sslmode=require&sslmode=disable")).toMatch(/more than once/);
    expect(message("postgresql://app:pw@db.example.com/app?ssl-mode=REQUIRED")).toMatch(/only sslmode is/);
  });

  it.each([
    ["sqlite:./dev.db", /file on one machine/],
    ["file:///var/db.sqlite", /file on one machine/],
    ["http://db.example.com/app", /web address/],
    ["https://app:pw@db.example.com/app", /web address/],
    ["mongodb://app:pw@db.example.com/app", /not supported/],
    ["db.example.com:5432/app", /must start with/],
  ])("refuses the unsupported %s", (raw, expected) => {
    expect(message(raw)).toMatch(expected);
  });

  it("never puts the password in a message", () => {
    const passwords = ["hunter2-secret", "p@ss/word?x", "topsecret%zz", "s3cr3t#frag"];
    for (const password of passwords) {
      for (const raw of [
        `postgresql://app:${password}@db.example.com:99999/app`,
        `postgresql://app:${password}@0x7f000001/app`,
        `postgresql://app:${password}@db.example.com/app?sslcert=x`,
        `postgresql://app:${password}@db.example.com`,
        `sqlite://app:${password}@x`,
      ]) {
        const result = parseDatabaseUrl(raw);
        if (!result.ok) expect(result.message).not.toContain(password.slice(0, 6));
      }
    }
  });
});

describe("maskDatabaseUrl and formatDatabaseUrl", () => {
  it("masks the password and keeps a non-default sslmode", () => {
    expect(maskDatabaseUrl(parsed("postgresql://app:secret@db.example.com:5432/app"))).toBe("postgresql://app:••••@db.example.com:5432/app");
    expect(maskDatabaseUrl(parsed("postgres://app:secret@db.example.com/app?sslmode=verify-full"))).toBe(
      "postgresql://app:••••@db.example.com:5432/app?sslmode=verify-full",
    );
    expect(maskDatabaseUrl(parsed("postgresql://app:secret@[2001:db8::10]/app"))).toBe("postgresql://app:••••@[2001:db8::10]:5432/app");
  });

  it("formats a canonical URL that parses back to the same value", () => {
    const value = parsed("postgres://app%2Buser:p%40ss%3Aw%2Fo%3Frd%25@DB.example.com/my%20db?sslmode=require");
    const canonical = formatDatabaseUrl(value);
    expect(canonical).toBe("postgresql://app%2Buser:p%40ss%3Aw%2Fo%3Frd%25@db.example.com:5432/my%20db?sslmode=require");
    expect(parsed(canonical)).toEqual(value);
  });

  const passwordArb = fc.string({ minLength: 1, maxLength: 40, unit: fc.constantFrom(..."abcXYZ019@:/?#%&=+ €'\"\\[]!$".split("")) });
  const valueArb = fc.record({
    scheme: fc.constant("postgresql" as const),
    host: fc.constantFrom("db.example.com", "203.0.113.10", "2001:db8::10", "dpg-x.oregon-postgres.render.com"),
    port: fc.integer({ min: 1, max: 65535 }),
    user: fc.string({ minLength: 1, maxLength: 20, unit: fc.constantFrom(..."abc_-.@:%".split("")) }),
    password: passwordArb,
    database: fc.string({ minLength: 1, maxLength: 20, unit: fc.constantFrom(..."abc_-.%? ".split("")) }),
    sslmode: fc.constantFrom("disable" as const, "prefer" as const, "require" as const, "verify-full" as const),
  });

  it("round-trips any value through formatDatabaseUrl (property)", () => {
    fc.assert(
      fc.property(valueArb, (value) => {
        expect(parsed(formatDatabaseUrl(value))).toEqual(value);
      }),
      { numRuns: 500 },
    );
  });

  it("never shows the password, raw or encoded, in the masked form (property)", () => {
    fc.assert(
      fc.property(valueArb, fc.string({ minLength: 6, maxLength: 30, unit: fc.constantFrom(..."QWERTYqwerty0123456789@:/%".split("")) }), (value, password) => {
        const masked = maskDatabaseUrl({ ...value, password });
        expect(masked).not.toContain(password);
        expect(masked).not.toContain(encodeURIComponent(password));
        expect(masked).toContain(":••••@");
      }),
      { numRuns: 500 },
    );
  });
});
