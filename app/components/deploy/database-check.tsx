import { Link } from "@remix-run/react";
import { When } from "../when";

type Check = { status: "pass" | "warn" | "fail" | "private"; detail: string; fix: string | null; hints: string[]; target: string; testedAt: string };

const STYLE: Record<Check["status"], { className: string; title: string }> = {
  pass: { className: "notice-ok", title: "Saved and connected" },
  warn: { className: "notice-warn", title: "Saved and connected, with a warning" },
  fail: { className: "notice-error", title: "Saved, but the connection test failed" },
  private: { className: "notice-ok", title: "Saved" },
};

/** Step C's answer to a save: the connection test's outcome, its fix and the host's usual pitfalls, then the way on. */
export function DatabaseCheckResult({ check }: { check: Check }) {
  const style = STYLE[check.status];
  return (
    <section
      className={`notice ${style.className} mb-4`}
      role="status"
      aria-labelledby="database-check-title"
      data-testid="database-check"
      data-status={check.status}
    >
      <h2 id="database-check-title" className="font-semibold">
        {style.title}
      </h2>
      <p className="mt-1">{check.detail}</p>
      {check.fix ? (
        <p className="mt-1">
          <strong>Fix:</strong> {check.fix}
        </p>
      ) : null}
      {check.hints.length ? (
        <ul className="mt-1 list-disc pl-5" data-testid="database-hints">
          {check.hints.map((hint) => (
            <li key={hint}>{hint}</li>
          ))}
        </ul>
      ) : null}
      <p className="mt-3">
        <Link className={check.status === "fail" ? "btn-secondary w-full sm:w-auto" : "btn w-full sm:w-auto"} to="/dashboard/deploy/secrets">
          {check.status === "fail" ? "Continue anyway" : "Continue to secrets"}
        </Link>
      </p>
    </section>
  );
}

/** A later visit: the last test, in one line. */
export function DatabaseLastCheck({ check }: { check: Check }) {
  const word =
    check.status === "pass"
      ? "connected"
      : check.status === "warn"
        ? "connected, with a warning"
        : check.status === "fail"
          ? "failed"
          : "not tested from here (only your host reaches it)";
  return (
    <span data-testid="database-last-check">
      {" "}
      · last test (<When value={check.testedAt} />
      ): {word}.
    </span>
  );
}
