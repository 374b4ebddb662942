import type { ReactNode } from "react";
import { useRouteLoaderData } from "@remix-run/react";

type DeployLayoutData = { steps: { letter: string; done: boolean }[] };

/**
 * What / why / how, in the chosen provider's own words. The step's name is the page's heading (the
 * wizard's "Step C of 8 · Database"); the how-to is open until the step is done, then folded.
 */
export function StepIntro({
  letter,
  what,
  why,
  how,
  children,
}: {
  letter: string;
  title: string;
  what: string;
  why: string;
  how: string[];
  children?: ReactNode;
}) {
  const layout = useRouteLoaderData<DeployLayoutData>("routes/dashboard.deploy");
  const done = layout?.steps.find((step) => step.letter === letter)?.done ?? false;
  return (
    <header>
      <p>{what}</p>
      <p className="mt-1 text-sm text-slate-700">
        <strong>Why:</strong> {why}
      </p>
      {how.length ? (
        <details className="mt-1" open={!done}>
          <summary className="cursor-pointer py-2.5 font-medium text-indigo-800">How to do it</summary>
          <ul className="list-disc space-y-1 pl-5 text-slate-800">
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
