import { providerGuide, type ProviderGuide, type ProviderId } from "./providers";

/**
 * The env bundle: one set of values (the app's environment for the host) rendered in each provider's own input form.
 * Each format is written for the parser that will read it, so that what the host stores is
 * byte for byte the value generated here:
 * - fly-secrets: flyctl's `secrets import` parser (NAME=VALUE lines; one pair of surrounding
 *   double quotes removed; `"""` opens a multi-line value; lines starting with # skipped);
 * - docker-env-file: `docker run --env-file` (everything after the first = is the value, raw);
 * - dotenv-bulk: the .env dialect of the `dotenv` package, which bulk editors accept;
 * - name-value: one name and one raw value per entry, typed into a form by a person.
 * A null value ("already set, not shown again") is never written as an assignment: pasting the
 * bundle again must not overwrite a real secret with a placeholder.
 */
export type BundleVariable = { name: string; value: string | null; secret: boolean; note?: string };

export type RenderedBundle = {
  format: ProviderGuide["bundle"]["format"];
  title: string;
  instructions: string;
  text: string;
  command?: string;
  filename?: string;
  /** Another way to enter the same values (Fly: a `fly secrets set` line; Replit: lines for "Edit as .env"). */
  alternative?: { title: string; text: string };
  /** Variables this format cannot carry exactly, or that some host versions may alter. Names only, never values. */
  warnings?: string[];
};

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Characters every .env dialect reads literally when unquoted (no quotes, #, $, backslash or spaces). */
const DOTENV_PLAIN = /^[A-Za-z0-9_.,:/@%+=?&~^*!-]+$/;
const QUOTES = ["'", '"', "`"] as const;

/** The words that stand in for a value that is not shown; one line, whatever the note holds. */
function placeholder(variable: BundleVariable, host: string) {
  const note = variable.note?.replace(/[\r\n\u2028\u2029]+/g, " ").trim();
  const why = note ? ` — ${note}` : "";
  return variable.secret ? `not shown again${why}. Keep the value already set on ${host}.` : `no value yet${why}.`;
}

type Encoded = { text: string; exact: boolean };

/**
 * The .env spelling of a value, chosen so the `dotenv` parser (and the other common dialects
 * where they agree) reads back exactly `value`: plain when safe, else the first quote style
 * whose quote character the value does not contain. A quoted value never ends in a backslash:
 * `dotenv` would read backslash-quote as an escaped quote and look for the closing quote on a
 * later line. `exact` is false only for values no `dotenv` spelling carries (all three quote
 * characters and unsafe unquoted, or a carriage return with a quote or backslash): those are
 * written with backslash escapes, which other dialects understand.
 */
function dotenvEncode(value: string): Encoded {
  if (value === "") return { text: "''", exact: true };
  if (DOTENV_PLAIN.test(value)) return { text: value, exact: true };
  if (!value.includes("\r")) {
    const trailingBackslash = value.endsWith("\\");
    if (!value.includes("'") && !trailingBackslash) return { text: `'${value}'`, exact: true };
    if (!value.includes('"') && !value.includes("\\")) return { text: `"${value}"`, exact: true };
    if (!value.includes("`") && !trailingBackslash) return { text: `\`${value}\``, exact: true };
    if (rawSafeForDotenv(value)) return { text: value, exact: true };
  }
  const escaped = value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\r/g, "\\r");
  return { text: `"${escaped}"`, exact: !value.includes("\\") && !value.includes('"') };
}

/**
 * An unquoted value `dotenv` keeps as is: no comment mark, no line break, no edge spaces, and
 * no leading quote (which would make it look for a closing quote, even on later lines).
 */
function rawSafeForDotenv(value: string) {
  if (/[#\r\n\u2028\u2029]/.test(value) || value.trim() !== value) return false;
  return !QUOTES.some((q) => value.startsWith(q));
}

/** Quotes a value for a .env line (Render's "Add from .env", Railway's RAW Editor). */
export function dotenvQuote(value: string): string {
  return dotenvEncode(value).text;
}

/** POSIX shell single quoting: the only character needing care is ' itself. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_.,:/@%+=-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * flyctl's import parser keeps a line's value raw except that it trims leading spaces, removes
 * one pair of surrounding double quotes, and treats a leading `"""` as the start of a multi-line
 * value. Returns null for the rare value it cannot carry exactly (use `fly secrets set` then).
 */
export function flyImportValue(value: string): string | null {
  if (value.includes("\r")) return null;
  if (value.includes("\n")) {
    const lines = value.split("\n");
    // The multi-line form ends at the first line ending in """.
    if (lines.slice(1, -1).some((line) => line.endsWith('"""'))) return null;
    return `"""${value}"""`;
  }
  const rawOk = !value.startsWith(" ") && !value.startsWith('"');
  if (rawOk) return value;
  // Wrapped in one pair of quotes, unless that would start with """ (or, for a lone ", be """).
  if (!value.startsWith('""') && value !== '"') return `"${value}"`;
  return null;
}

function dotenvLines(variables: BundleVariable[], host: string, warnings: string[]) {
  return variables.map((variable) => {
    if (variable.value === null) return `# ${variable.name}: ${placeholder(variable, host)}`;
    const encoded = dotenvEncode(variable.value);
    if (!encoded.exact) {
      // Written anyway, a parser could misread it or the lines after it: leave it to a person.
      warnings.push(
        `${variable.name} holds characters no .env line carries exactly (quotes of all three kinds or a carriage return): add it by hand on ${host}.`,
      );
      return `# ${variable.name}: add this value by hand; it cannot be written safely in a .env line.`;
    }
    if (variable.value.includes("${{")) {
      warnings.push(`${variable.name} contains \${{, which Railway reads as a reference to another variable: check it after saving, or enter it by hand.`);
    }
    return `${variable.name}=${encoded.text}`;
  });
}

function renderDotenvBulk(guide: ProviderGuide, variables: BundleVariable[]): RenderedBundle {
  const warnings: string[] = [];
  const lines = dotenvLines(variables, guide.name, warnings);
  return {
    ...base(guide, variables),
    text: lines.join("\n") + "\n",
    warnings: unique(warnings),
  };
}

function renderFly(guide: ProviderGuide, variables: BundleVariable[]): RenderedBundle {
  const warnings: string[] = [];
  const lines: string[] = [];
  const setArgs: string[] = [];
  for (const variable of variables) {
    if (variable.value === null) {
      lines.push(`# ${variable.name}: ${placeholder(variable, guide.name)}`);
      continue;
    }
    const imported = flyImportValue(variable.value);
    if (imported === null) {
      lines.push(`# ${variable.name}: this value cannot go through fly secrets import; set it with the fly secrets set line.`);
      warnings.push(`${variable.name} cannot be written for fly secrets import; set it with the fly secrets set line instead.`);
    } else {
      lines.push(`${variable.name}=${imported}`);
    }
    if (variable.value === "-")
      warnings.push(`${variable.name} is "-", which fly secrets set reads as "take the value from stdin"; use the import file for it.`);
    setArgs.push(`${variable.name}=${variable.value}`);
  }
  const bundle: RenderedBundle = {
    ...base(guide, variables),
    text: lines.join("\n") + "\n",
    command: "fly secrets import < .env.fly",
    filename: ".env.fly",
    warnings: unique(warnings),
  };
  if (setArgs.length) {
    bundle.alternative = {
      title: "Or in one command (POSIX shell: macOS, Linux, WSL). It puts the values in your shell history.",
      text: `fly secrets set ${setArgs.map(shellQuote).join(" ")}`,
    };
  }
  return bundle;
}

function renderDocker(guide: ProviderGuide, variables: BundleVariable[]): RenderedBundle {
  const warnings: string[] = [];
  const lines = variables.map((variable) => {
    if (variable.value === null) return `# ${variable.name}: ${placeholder(variable, "your server")}`;
    if (/[\r\n]/.test(variable.value)) {
      throw new Error(`${variable.name} contains a line break, which docker run --env-file cannot carry. Pass it with -e ${variable.name} instead.`);
    }
    const v = variable.value;
    if (v.length >= 2 && (["'", '"'] as const).some((q) => v.startsWith(q) && v.endsWith(q))) {
      warnings.push(
        `${variable.name} starts and ends with the same quote: recent Docker versions remove such quotes from --env-file values, older ones keep them. Pass it with -e ${variable.name} instead.`,
      );
    }
    return `${variable.name}=${v}`;
  });
  return {
    ...base(guide, variables),
    text: lines.join("\n") + "\n",
    command: "docker run --env-file .env -p 3000:3000 go-live",
    filename: ".env",
    warnings: unique(warnings),
  };
}

function renderNameValue(guide: ProviderGuide, variables: BundleVariable[]): RenderedBundle {
  const warnings: string[] = [];
  const entries = variables.map((variable) => {
    if (variable.value === null) return `${variable.name}\n# ${placeholder(variable, guide.name)}`;
    if (variable.value === "" || /[\r\n]/.test(variable.value) || variable.value.trim() !== variable.value) {
      warnings.push(`${variable.name} is empty, spans lines or starts or ends with spaces: enter it with care, exactly as generated.`);
    }
    return `${variable.name}\n${variable.value}`;
  });
  const altWarnings: string[] = [];
  const envLines = dotenvLines(variables, guide.name, altWarnings);
  return {
    ...base(guide, variables),
    text: entries.join("\n\n") + "\n",
    warnings: unique([...warnings, ...altWarnings]),
    alternative: {
      title: "Or choose Edit as .env in the Secrets tool and add these lines below the existing ones (do not delete lines you did not add).",
      text: envLines.join("\n") + "\n",
    },
  };
}

function base(guide: ProviderGuide, variables: BundleVariable[]) {
  const withheld = variables.filter((variable) => variable.value === null).map((variable) => variable.name);
  const suffix = withheld.length
    ? ` ${withheld.join(", ")} ${withheld.length === 1 ? "is" : "are"} listed without a value: ${guide.bundle.format === "name-value" ? "keep the value already set" : "those lines are comments, so pasting the bundle keeps the value already set"}.`
    : "";
  return { format: guide.bundle.format, title: guide.bundle.title, instructions: guide.bundle.instructions + suffix };
}

function unique(items: string[]) {
  return [...new Set(items)];
}

export function renderEnvBundle(provider: ProviderId, variables: BundleVariable[]): RenderedBundle {
  for (const variable of variables) {
    if (!NAME.test(variable.name)) throw new Error(`"${variable.name}" is not a valid environment variable name.`);
  }
  const guide = providerGuide(provider);
  switch (guide.bundle.format) {
    case "fly-secrets":
      return renderFly(guide, variables);
    case "docker-env-file":
      return renderDocker(guide, variables);
    case "dotenv-bulk":
      return renderDotenvBulk(guide, variables);
    case "name-value":
      return renderNameValue(guide, variables);
  }
}
