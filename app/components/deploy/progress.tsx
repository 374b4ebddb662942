import { Link, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";

type StepView = { id: string; letter: string; title: string; path: string; done: boolean; skipped?: boolean };

/**
 * The wizard's compact header: "Step C of 8 · Database", a one-line progress bar, and every step as
 * a link inside a <details> (opens without JavaScript), so the step itself starts on a phone's first screen.
 */
export function WizardProgress({ steps: all, current }: { steps: StepView[]; current: string | null }) {
  // A skipped step (E without modules) is neither listed nor counted, unless it is the page on screen.
  const steps = all.filter((step) => !step.skipped || step.id === current);
  const doneCount = steps.filter((step) => step.done).length;
  const menu = useRef<HTMLDetailsElement>(null);
  const { pathname } = useLocation();
  useEffect(() => menu.current?.removeAttribute("open"), [pathname]);
  const index = steps.findIndex((step) => step.id === current);
  const here = index >= 0 ? steps[index] : null;
  return (
    <div>
      <div className="flex items-center justify-between gap-2">
        <h1 className="text-lg font-semibold" data-testid="wizard-position">
          {here ? `Step ${here.letter} of ${all.length} · ${here.title}` : "Deploy"}
        </h1>
        <nav aria-label="Deploy steps">
          <details ref={menu} className="relative">
            <summary className="flex min-h-11 cursor-pointer list-none items-center px-2 text-indigo-800 underline underline-offset-2">
              All steps
              <span className="sr-only">
                {" "}
                ({doneCount} of {steps.length} done)
              </span>
            </summary>
            <ol className="absolute right-0 z-10 mt-1 w-60 rounded-md border border-slate-200 bg-white py-1 shadow-lg">
              {steps.map((step) => {
                const isCurrent = step.id === current;
                return (
                  <li key={step.id}>
                    <Link
                      to={step.path}
                      aria-current={isCurrent ? "step" : undefined}
                      className={`flex min-h-11 items-center gap-2 px-3 no-underline hover:bg-slate-100 ${isCurrent ? "font-semibold text-indigo-900" : "text-slate-800"}`}
                    >
                      <span aria-hidden="true" className={`w-5 text-center ${step.done ? "text-green-700" : ""}`}>
                        {step.done ? "✓" : step.letter}
                      </span>
                      <span className="sr-only">
                        Step {step.letter}
                        {step.done ? " (done)" : ""}:{" "}
                      </span>
                      {step.title}
                    </Link>
                  </li>
                );
              })}
            </ol>
          </details>
        </nav>
      </div>
      <ol className="mt-1 flex gap-1" aria-hidden="true">
        {steps.map((step) => (
          <li key={step.id} className={`h-1.5 flex-1 rounded-full ${step.id === current ? "bg-indigo-700" : step.done ? "bg-green-600" : "bg-slate-300"}`} />
        ))}
      </ol>
    </div>
  );
}
