import { Link } from "@remix-run/react";
import type { CheckResult } from "~/deploy/checks/check-result";
import { CheckList } from "./check-list";
import { When } from "../when";

type RunView = { status: "passed" | "failed"; finishedAt: string; checks: CheckResult[] };

/** The latest pre-flight or verification run: a summary that says whether it is current, its checks, and the way on. */
export function RunResult(props: {
  run: RunView | null;
  stale: boolean;
  testId: string;
  words: { stale: string; passed: string; failed: string; none: string };
  next: { to: string; label: string };
}) {
  const { run, stale, words } = props;
  return (
    <div id="result" className="mt-4" aria-live="polite">
      {run ? (
        <>
          <p
            className={`notice ${stale ? "notice-warn" : run.status === "passed" ? "notice-ok" : "notice-error"}`}
            data-testid={props.testId}
            data-status={run.status}
            data-stale={stale}
          >
            {stale ? words.stale : run.status === "passed" ? words.passed : words.failed}{" "}
            <span className="text-sm">
              (<When value={run.finishedAt} />)
            </span>
          </p>
          <CheckList checks={run.checks} />
          {run.status === "passed" && !stale ? (
            <p className="mt-4">
              <Link className="btn" to={props.next.to}>
                {props.next.label}
              </Link>
            </p>
          ) : null}
        </>
      ) : (
        <p className="text-sm text-slate-600">{words.none}</p>
      )}
    </div>
  );
}
