import { execFile } from "node:child_process";
import { ProofFailure, checked } from "./check";

/**
 * curl transcripts for the report: each command is run exactly as written (through bash, with
 * the variables the report tells the reader to export), then its answer is made stable:
 * ids, timestamps, fingerprints and token tails become markers, secret values become
 * `<secret: N chars>`. Timings stay real: they are the only thing that differs between runs.
 */
export class Redactor {
  private readonly values = new Map<string, string>();

  add(value: string) {
    if (value.length < 8) throw new Error("refusing to redact a value this short: it would mangle ordinary text");
    this.values.set(value, `<secret: ${value.length} chars>`);
  }

  apply(text: string) {
    let out = text;
    // Longest first, so a value that contains another is replaced whole.
    for (const [value, marker] of [...this.values].sort((a, b) => b[0].length - a[0].length)) out = out.split(value).join(marker);
    return out;
  }

  leaks(text: string) {
    return [...this.values.keys()].filter((value) => text.includes(value)).map((value) => `a ${value.length}-character secret`);
  }

  entries() {
    return [...this.values];
  }
}

const ID_KEYS = new Set(["id", "tenantId", "userId", "runId", "tokenId", "deployConfigId", "actorUserId"]);
const GENERATED_ID = /^[A-Za-z0-9_-]{20,}$/;
const ISO_TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/g;

export function normalise(value: unknown, key = "", parent = ""): unknown {
  if (Array.isArray(value)) return value.map((item) => normalise(item, "", key));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v, k, key)]));
  }
  if (typeof value !== "string") return value;
  // Database ids (cuid) only: check ids such as "live.health" and step ids such as "secrets" stay.
  if (ID_KEYS.has(key) && GENERATED_ID.test(value)) return "<id>";
  if (/At$/.test(key) || key === "nextBefore") return "<timestamp>";
  if (/fingerprint/i.test(key) || parent === "fingerprints") return "<fingerprint>";
  if (key === "lastFour") return "<last4>";
  return value.replace(ISO_TIME, "<timestamp>");
}

export type Exchange = { title: string; note?: string; command: string; statusLine: string; body: string };

export type CurlResult = { status: number; json: unknown };

export class Transcript {
  readonly exchanges: Exchange[] = [];

  constructor(
    private readonly env: Record<string, string>,
    private readonly redactor: Redactor,
  ) {}

  /** Runs `command` (which must use `curl -sS -i`), checks the status, records status line and pretty body. */
  async run(input: { title: string; note?: string; command: string; expectStatus: number }): Promise<CurlResult> {
    const raw = await new Promise<string>((resolve, reject) => {
      execFile(
        "bash",
        ["-c", input.command],
        { env: { ...this.env, NODE_ENV: "production" }, maxBuffer: 8 * 1024 * 1024, timeout: 60_000 },
        (error, stdout, stderr) => {
          if (error) reject(new ProofFailure(input.title, "curl to exit 0", `${error.message.split("\n")[0]} ${stderr.trim()}`));
          else resolve(stdout);
        },
      );
    });
    const split = raw.indexOf("\r\n\r\n");
    const head = split === -1 ? raw : raw.slice(0, split);
    const text = split === -1 ? "" : raw.slice(split + 4);
    const statusLine = head.split("\r\n")[0]!.trim();
    const status = Number(/^HTTP\/[\d.]+ (\d{3})/.exec(statusLine)?.[1] ?? NaN);
    if (status !== input.expectStatus) throw new ProofFailure(input.title, `HTTP ${input.expectStatus}`, `${statusLine} ${text.slice(0, 500)}`);
    checked.push(`${input.title}: HTTP ${status}`);
    let json: unknown = undefined;
    let body = text;
    try {
      json = JSON.parse(text);
      body = JSON.stringify(normalise(json), null, 2);
    } catch {
      // not JSON: shown as it came
    }
    this.exchanges.push({ title: input.title, note: input.note, command: input.command, statusLine, body: this.redactor.apply(body) });
    return { status, json };
  }
}

/** One line per part, joined with shell continuations, so the report shows a command a person can paste. */
export function curlCommand(parts: string[]) {
  return parts.join(" \\\n  ");
}
