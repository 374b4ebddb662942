import { Link } from "@remix-run/react";

type StepView = { id: string; letter: string; title: string; path: string; done: boolean };

/** The eight steps with their state; a plain list of links, readable without CSS or JS. */
export function WizardProgress({ steps, current }: { steps: StepView[]; current: string | null }) {
  const doneCount = steps.filter((step) => step.done).length;
  return (
    <nav aria-label="Deploy steps" className="mt-3">
      <p className="text-sm text-slate-600">{doneCount} of {steps.length} steps done</p>
      <ol className="mt-2 grid grid-cols-4 gap-1 text-xs sm:grid-cols-8">
        {steps.map((step) => {
          const isCurrent = step.id === current;
          return (
            <li key={step.id}>
              <Link
                to={step.path}
                aria-current={isCurrent ? "step" : undefined}
                className={`block rounded-md border px-1.5 py-1 no-underline hover:no-underline ${
                  isCurrent ? "border-indigo-700 bg-indigo-50 font-semibold text-indigo-900" : step.done ? "border-green-300 bg-green-50 text-green-900" : "border-slate-200 bg-white text-slate-700"
                }`}
              >
                <span aria-hidden="true">{step.done ? "✓" : step.letter}</span>
                <span className="sr-only">Step {step.letter}{step.done ? " (done)" : ""}: </span> {step.title}
              </Link>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
