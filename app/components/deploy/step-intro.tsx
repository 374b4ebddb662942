import type { ReactNode } from "react";

/** What / why / how, in the chosen provider's own words. */
export function StepIntro({ letter, title, what, why, how, children }: { letter: string; title: string; what: string; why: string; how: string[]; children?: ReactNode }) {
  return (
    <header>
      <h2 className="page-title">
        <span className="text-slate-500">{letter}.</span> {title}
      </h2>
      <p className="mt-1">{what}</p>
      <p className="mt-1 text-sm text-slate-600"><strong>Why:</strong> {why}</p>
      {how.length ? (
        <details className="mt-2 text-sm" open>
          <summary className="cursor-pointer font-medium text-indigo-800">How</summary>
          <ul className="mt-1 list-disc space-y-1 pl-5 text-slate-700">
            {how.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </details>
      ) : null}
      {children}
    </header>
  );
}
