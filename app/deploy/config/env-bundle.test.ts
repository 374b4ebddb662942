import { execFileSync } from "node:child_process";
import dotenv from "dotenv";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dotenvQuote, flyImportValue, renderEnvBundle, shellQuote, type BundleVariable } from "./env-bundle";
import { PROVIDERS } from "./providers";

/* Reference parsers. Each models the program that reads the format, so a bundle is checked
 * the way the host will read it, not the way this module wrote it. */

/** The .env dialect this module emits: '…' and `…` literal, "…" with \\ \" \n \r escapes, else raw. */
function parseDotenvLine(line: string): [string, string] | null {
  if (line === "" || line.startsWith("#")) return null;
  const eq = line.indexOf("=");
  const name = line.slice(0, eq);
  const raw = line.slice(eq + 1);
  const q = raw[0];
  if (raw.length >= 2 && (q === "'" || q === "`") && raw.endsWith(q)) return [name, raw.slice(1, -1)];
  if (raw.length >= 2 && q === '"' && raw.endsWith('"')) {
    return [name, raw.slice(1, -1).replace(/\\([\s\S])/g, (_, c: string) => (c === "n" ? "\n" : c === "r" ? "\r" : c))];
  }
  return [name, raw];
}

/** flyctl's `secrets import` parser (internal/command/secrets/parser.go), line by line as Go's bufio.Scanner splits. */
function parseFlyImport(text: string): Record<string, string> {
  const lines = text.split("\n").map((line) => line.replace(/\r$/, ""));
  if (lines.at(-1) === "") lines.pop();
  const out: Record<string, string> = {};
  let multiKey: string | null = null;
  let multiValue = "";
  for (const line of lines) {
    if (multiKey === null) {
      if (line.startsWith("#") || line.trim() === "") continue;
      const eq = line.indexOf("=");
      if (eq < 0) throw new Error(`fly: not NAME=VALUE: ${line}`);
      const key = line.slice(0, eq).trim();
      let value = line.slice(eq + 1).replace(/^ +/, "");
      if (value.startsWith('"""')) {
        multiKey = key;
        multiValue = value.slice(3) + "\n";
      } else {
        if (value.startsWith('"') && value.endsWith('"')) {
          if (value.length < 2) throw new Error("flyctl would crash on a lone quote");
          value = value.slice(1, -1);
        }
        out[key] = value;
      }
    } else if (line.endsWith('"""')) {
      out[multiKey] = multiValue + line.slice(0, -3);
      multiKey = null;
      multiValue = "";
    } else {
      multiValue += line + "\n";
    }
  }
  return out;
}

/** docker/cli's env-file parser (pkg/kvfile); `trimQuotes` is the behaviour of newer CLI versions. */
function parseDockerEnvFile(text: string, options: { trimQuotes: boolean }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rawLine of text.split("\n")) {
    const line = rawLine.replace(/\r$/, "").replace(/^\s+/, "");
    if (line === "" || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) throw new Error(`docker: bad line ${line}`);
    const key = line.slice(0, eq);
    if (/[ \t]/.test(key)) throw new Error(`docker: variable '${key}' contains whitespaces`);
    let value = line.slice(eq + 1);
    if (options.trimQuotes && value.length >= 2 && (["'", '"'] as const).some((q) => value.startsWith(q) && value.endsWith(q))) value = value.slice(1, -1);
    out[key] = value;
  }
  return out;
}

/** What a POSIX shell passes as arguments for a command line. */
function shellArgs(args: string): string[] {
  const output = execFileSync("sh", ["-c", `printf '%s\\0' ${args}`], { encoding: "utf8" });
  return output.split("\0").slice(0, -1);
}

const TRICKY = ["'", '"', "`", "#", " ", "\t", "\\", "$", "{", "}", "=", "n", "r", "a", "Z", "0", "-", "\u00a0", "\u2028", "é", "😀", "${{", '"""', "\\n"];
const trickyString = fc.string({ unit: fc.constantFrom(...TRICKY), maxLength: 12 });
const anyString = fc.string({ unit: "binary", maxLength: 40 });
const singleLine = fc.oneof(trickyString, anyString).filter((value) => !/[\r\n]/.test(value));
const withLineBreaks = fc.oneof(trickyString, anyString, fc.string({ unit: fc.constantFrom(...TRICKY, "\n", "\r"), maxLength: 12 }));

const SECRET = "q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0xcv=";
const sample: BundleVariable[] = [
  { name: "NODE_ENV", value: "production", secret: false },
  { name: "APP_URL", value: "https://go-live-shop.onrender.com", secret: false },
  { name: "DATABASE_URL", value: "postgresql://app:p%40ss@db.example.com:5432/app?sslmode=require", secret: true },
  { name: "JWT_SECRET", value: SECRET, secret: true },
  { name: "ENCRYPTION_KEY", value: null, secret: true, note: "shown once when generated" },
];

const variablesFor = (values: string[]) => values.map((value, index) => ({ name: `V_${index}`, value, secret: true }));

describe("dotenvQuote", () => {
  it("leaves plain values (base64, URLs, keys) unquoted", () => {
    expect(dotenvQuote(SECRET)).toBe(SECRET);
    expect(dotenvQuote("postgresql://app:pw@db.example.com:5432/app?sslmode=require&x=1")).toBe(
      "postgresql://app:pw@db.example.com:5432/app?sslmode=require&x=1",
    );
    expect(dotenvQuote("sk_live_abcDEF123")).toBe("sk_live_abcDEF123");
  });

  it("quotes spaces, #, $, quotes and backslashes so they read back literally", () => {
    expect(dotenvQuote("two words")).toBe("'two words'");
    expect(dotenvQuote("pa#ss")).toBe("'pa#ss'");
    expect(dotenvQuote("pa$HOME")).toBe("'pa$HOME'");
    expect(dotenvQuote('say "hi"')).toBe(`'say "hi"'`);
    expect(dotenvQuote("it's")).toBe(`"it's"`);
    expect(dotenvQuote(`it's "x"`)).toBe('`it\'s "x"`');
    expect(dotenvQuote("C:\\path")).toBe("'C:\\path'");
    expect(dotenvQuote("a=b c")).toBe("'a=b c'");
    expect(dotenvQuote("")).toBe("''");
    expect(dotenvQuote(" padded ")).toBe("' padded '");
  });

  it("never ends a quoted value with a backslash", () => {
    expect(dotenvQuote("ends\\")).toBe("ends\\");
    expect(dotenvQuote("it's \\")).toBe("it's \\");
  });

  it("round-trips arbitrary single-line values through the reference parser", () => {
    fc.assert(
      fc.property(singleLine, (value) => {
        expect(parseDotenvLine(`X=${dotenvQuote(value)}`)).toEqual(["X", value]);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("dotenv-bulk bundles (Render, Railway)", () => {
  it("renders one NAME=value line per variable and a comment for a value not shown again", () => {
    const bundle = renderEnvBundle("RENDER", sample);
    expect(bundle.format).toBe("dotenv-bulk");
    expect(bundle.text.split("\n")).toEqual([
      "NODE_ENV=production",
      "APP_URL=https://go-live-shop.onrender.com",
      "DATABASE_URL=postgresql://app:p%40ss@db.example.com:5432/app?sslmode=require",
      `JWT_SECRET=${SECRET}`,
      "# ENCRYPTION_KEY: not shown again — shown once when generated. Keep the value already set on Render.",
      "",
    ]);
    expect(bundle.instructions).toContain("Add from .env");
    expect(bundle.instructions).toContain("ENCRYPTION_KEY is listed without a value");
    expect(bundle.warnings).toEqual([]);
    expect(dotenv.parse(bundle.text)).toEqual({
      NODE_ENV: "production",
      APP_URL: "https://go-live-shop.onrender.com",
      DATABASE_URL: "postgresql://app:p%40ss@db.example.com:5432/app?sslmode=require",
      JWT_SECRET: SECRET,
    });
  });

  it("uses Railway's own words and warns about ${{ references", () => {
    const bundle = renderEnvBundle("RAILWAY", [{ name: "SMTP_URL", value: "smtp://u:a${{b}}@mail.example.com:587", secret: true }]);
    expect(bundle.instructions).toContain("RAW Editor");
    expect(bundle.text).toBe("SMTP_URL='smtp://u:a${{b}}@mail.example.com:587'\n");
    expect(bundle.warnings?.join(" ")).toMatch(/SMTP_URL contains \$\{\{/);
  });

  it("is read back exactly by the dotenv parser, several variables at once, line breaks included", () => {
    fc.assert(
      fc.property(fc.array(withLineBreaks, { minLength: 1, maxLength: 6 }), (values) => {
        const bundle = renderEnvBundle("RENDER", variablesFor(values));
        const parsed = dotenv.parse(bundle.text);
        values.forEach((value, index) => {
          const name = `V_${index}`;
          if (bundle.text.includes(`# ${name}: add this value by hand`)) {
            expect(parsed[name]).toBeUndefined();
            expect(bundle.warnings?.some((warning) => warning.startsWith(`${name} `))).toBe(true);
          } else {
            expect(parsed[name]).toBe(value);
          }
        });
        expect(Object.keys(parsed).every((name) => /^V_\d+$/.test(name))).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it("hands values no .env line can carry to a person instead of writing them", () => {
    const bundle = renderEnvBundle("RENDER", [
      { name: "A", value: `'all "ZQX\` quotes`, secret: true },
      { name: "B", value: "next", secret: false },
    ]);
    expect(bundle.text).toBe("# A: add this value by hand; it cannot be written safely in a .env line.\nB=next\n");
    expect(bundle.warnings?.[0]).toMatch(/^A holds characters/);
    expect(bundle.warnings?.[0]).not.toContain("ZQX");
  });
});

describe("null values are never assignments", () => {
  it.each(PROVIDERS)("%s keeps a withheld value out of what the host reads", (provider) => {
    fc.assert(
      fc.property(fc.constantFrom("JWT_SECRET", "ENCRYPTION_KEY", "OPENAI_API_KEY"), fc.option(fc.string({ maxLength: 30 })), (name, note) => {
        const variables: BundleVariable[] = [
          { name: "NODE_ENV", value: "production", secret: false },
          { name, value: null, secret: true, note: note ?? undefined },
        ];
        const bundle = renderEnvBundle(provider, variables);
        const texts = [bundle.text, ...(bundle.alternative && provider !== "FLY" ? [bundle.alternative.text] : [])];
        for (const text of texts) {
          expect(text.split("\n").some((line) => line.startsWith(`${name}=`))).toBe(false);
          if (provider === "FLY") expect(parseFlyImport(text)).toEqual({ NODE_ENV: "production" });
          else if (provider === "DOCKER") expect(parseDockerEnvFile(text, { trimQuotes: false })).toEqual({ NODE_ENV: "production" });
          else if (text !== bundle.text || provider !== "REPLIT") expect(dotenv.parse(text)).toEqual({ NODE_ENV: "production" });
        }
        if (provider === "FLY") expect(bundle.alternative?.text).not.toContain(name);
      }),
      { numRuns: 100 },
    );
  });

  it("a non-secret value not entered yet says so", () => {
    const bundle = renderEnvBundle("RENDER", [{ name: "APP_URL", value: null, secret: false, note: "enter the live URL in step B" }]);
    expect(bundle.text).toBe("# APP_URL: no value yet — enter the live URL in step B.\n");
  });
});

describe("fly-secrets bundles", () => {
  it("renders input for fly secrets import and a fly secrets set line", () => {
    const bundle = renderEnvBundle("FLY", sample);
    expect(bundle.format).toBe("fly-secrets");
    expect(bundle.command).toBe("fly secrets import < .env.fly");
    expect(bundle.filename).toBe(".env.fly");
    expect(bundle.text).toContain(`JWT_SECRET=${SECRET}\n`);
    expect(bundle.text).toContain("# ENCRYPTION_KEY: not shown again");
    expect(parseFlyImport(bundle.text)).toEqual({
      NODE_ENV: "production",
      APP_URL: "https://go-live-shop.onrender.com",
      DATABASE_URL: "postgresql://app:p%40ss@db.example.com:5432/app?sslmode=require",
      JWT_SECRET: SECRET,
    });
    expect(bundle.alternative?.text).toBe(
      `fly secrets set NODE_ENV=production APP_URL=https://go-live-shop.onrender.com 'DATABASE_URL=postgresql://app:p%40ss@db.example.com:5432/app?sslmode=require' JWT_SECRET=${SECRET}`,
    );
  });

  it("writes spaces, quotes, #, $ and backslashes so flyctl reads them back", () => {
    const values = [" leading space", '"quoted"', 'say "hi"', "pa#ss", "$HOME", "a\\b", "it's", "", '"x'];
    const bundle = renderEnvBundle("FLY", variablesFor(values));
    const parsed = parseFlyImport(bundle.text);
    values.forEach((value, index) => expect(parsed[`V_${index}`]).toBe(value));
    expect(bundle.warnings).toEqual([]);
  });

  it("carries multi-line values with flyctl's triple quotes", () => {
    const value = "-----BEGIN KEY-----\nabc\n\n# not a comment\n-----END KEY-----";
    expect(flyImportValue(value)).toBe(`"""${value}"""`);
    expect(parseFlyImport(renderEnvBundle("FLY", variablesFor([value, "after"])).text)).toEqual({ V_0: value, V_1: "after" });
  });

  it("sends the few values import cannot carry to the fly secrets set line", () => {
    const bundle = renderEnvBundle("FLY", variablesFor(['""starts with two quotes', '"', "ok"]));
    expect(bundle.text).toContain("# V_0: this value cannot go through fly secrets import");
    expect(bundle.text).toContain("# V_1: this value cannot go through fly secrets import");
    expect(parseFlyImport(bundle.text)).toEqual({ V_2: "ok" });
    expect(bundle.warnings).toHaveLength(2);
    expect(shellArgs(bundle.alternative!.text.replace(/^fly secrets set /, ""))).toEqual(['V_0=""starts with two quotes', 'V_1="', "V_2=ok"]);
  });

  it("round-trips arbitrary values through flyctl's parser, or says to use fly secrets set", () => {
    fc.assert(
      fc.property(fc.array(withLineBreaks, { minLength: 1, maxLength: 5 }), (values) => {
        const bundle = renderEnvBundle("FLY", variablesFor(values));
        const parsed = parseFlyImport(bundle.text);
        values.forEach((value, index) => {
          const name = `V_${index}`;
          if (flyImportValue(value) === null) {
            expect(parsed[name]).toBeUndefined();
            expect(bundle.warnings?.some((warning) => warning.startsWith(`${name} `))).toBe(true);
          } else {
            expect(parsed[name]).toBe(value);
          }
        });
      }),
      { numRuns: 1500 },
    );
  });

  it("quotes the fly secrets set line so a POSIX shell passes each value unchanged", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(trickyString, anyString, fc.constant("it's; rm -rf / #")).filter((v) => !v.includes("\0")),
          { minLength: 1, maxLength: 3 },
        ),
        (values) => {
          const line = renderEnvBundle("FLY", variablesFor(values)).alternative!.text;
          expect(line.startsWith("fly secrets set ")).toBe(true);
          expect(shellArgs(line.slice("fly secrets set ".length))).toEqual(values.map((value, index) => `V_${index}=${value}`));
        },
      ),
      { numRuns: 60 },
    );
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });
});

describe("docker-env-file bundles", () => {
  it("renders a raw .env file and the docker run command", () => {
    const bundle = renderEnvBundle("DOCKER", [...sample, { name: "SMTP_URL", value: "smtp://u:p a#ss$1@mail.example.com:587", secret: true }]);
    expect(bundle.format).toBe("docker-env-file");
    expect(bundle.command).toBe("docker run --env-file .env -p 3000:3000 go-live");
    expect(bundle.filename).toBe(".env");
    expect(bundle.text).toContain("SMTP_URL=smtp://u:p a#ss$1@mail.example.com:587\n");
    expect(bundle.text).toContain("# ENCRYPTION_KEY: not shown again — shown once when generated. Keep the value already set on your server.\n");
    expect(bundle.instructions).toMatch(/quotes stay part of the value/);
    expect(parseDockerEnvFile(bundle.text, { trimQuotes: false })).toMatchObject({ JWT_SECRET: SECRET, SMTP_URL: "smtp://u:p a#ss$1@mail.example.com:587" });
  });

  it("refuses a value with a line break, naming the variable", () => {
    expect(() => renderEnvBundle("DOCKER", [{ name: "PEM", value: "a\nb", secret: true }])).toThrow(/PEM contains a line break/);
    expect(() => renderEnvBundle("DOCKER", [{ name: "PEM", value: "a\rb", secret: true }])).toThrow(/PEM/);
  });

  it("warns about a value wrapped in quotes, which Docker versions read differently", () => {
    const bundle = renderEnvBundle("DOCKER", variablesFor(['"wrapped"', "'also'", '"only start']));
    expect(bundle.text).toBe(`V_0="wrapped"\nV_1='also'\nV_2="only start\n`);
    expect(bundle.warnings).toHaveLength(2);
  });

  it("round-trips arbitrary single-line values through docker's parser", () => {
    fc.assert(
      fc.property(fc.array(singleLine, { minLength: 1, maxLength: 5 }), (values) => {
        const bundle = renderEnvBundle("DOCKER", variablesFor(values));
        const old = parseDockerEnvFile(bundle.text, { trimQuotes: false });
        const recent = parseDockerEnvFile(bundle.text, { trimQuotes: true });
        values.forEach((value, index) => {
          const name = `V_${index}`;
          expect(old[name]).toBe(value);
          if (!bundle.warnings?.some((warning) => warning.startsWith(`${name} `))) expect(recent[name]).toBe(value);
        });
      }),
      { numRuns: 1500 },
    );
  });
});

describe("name-value bundles (Replit)", () => {
  it("lists each name with its raw value, and a # line for a value not shown again", () => {
    const bundle = renderEnvBundle("REPLIT", [
      { name: "JWT_SECRET", value: SECRET, secret: true },
      { name: "SMTP_URL", value: "smtp://u:it's@mail.example.com", secret: true },
      { name: "ENCRYPTION_KEY", value: null, secret: true, note: "shown once when generated" },
    ]);
    expect(bundle.format).toBe("name-value");
    expect(bundle.text).toBe(
      `JWT_SECRET\n${SECRET}\n\nSMTP_URL\nsmtp://u:it's@mail.example.com\n\nENCRYPTION_KEY\n# not shown again — shown once when generated. Keep the value already set on Replit.\n`,
    );
    expect(bundle.instructions).toContain("Secrets");
    expect(dotenv.parse(bundle.alternative!.text)).toEqual({ JWT_SECRET: SECRET, SMTP_URL: "smtp://u:it's@mail.example.com" });
  });
});

describe("renderEnvBundle", () => {
  it("refuses an invalid variable name", () => {
    expect(() => renderEnvBundle("RENDER", [{ name: "BAD NAME", value: "x", secret: false }])).toThrow(/not a valid environment variable name/);
  });

  it("never puts a value into warnings", () => {
    fc.assert(
      fc.property(fc.constantFrom(...PROVIDERS), fc.array(trickyString, { minLength: 1, maxLength: 4 }), (provider, values) => {
        // Docker refuses line breaks; the marker makes any leaked value recognisable.
        const marked = values.map((value) => `ZQX${value}ZQX`);
        const bundle = renderEnvBundle(provider, variablesFor(marked));
        for (const warning of bundle.warnings ?? []) expect(warning).not.toContain("ZQX");
      }),
      { numRuns: 300 },
    );
  });
});
