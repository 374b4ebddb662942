import { CopyButton } from "~/components/copy-button";

export type HostSetupView = {
  name: string;
  source: string | null;
  steps: string[];
  commands: { label: string; value: string }[];
  postgresOffer: string;
  pitfalls: string[];
  needsComputer: boolean;
};

/**
 * After a host is chosen: a numbered checklist to create the app there (from the repository or image
 * the operator publishes), the commands with copy buttons, where the database comes from, and the
 * usual mistakes. Fly.io and Docker need a terminal: said first, plainly.
 */
export function HostSetup({ setup, open }: { setup: HostSetupView; open: boolean }) {
  return (
    <details className="card mt-3" open={open} data-testid="host-setup">
      <summary className="cursor-pointer py-2.5 font-semibold">Set up your app on {setup.name}</summary>
      {setup.needsComputer ? (
        <p className="notice notice-warn mt-2" data-testid="needs-computer">
          <strong>Needs a computer.</strong> {setup.name} is set up from a terminal (typed commands); a phone is not enough. Do this part on a computer, then
          come back here.
        </p>
      ) : null}
      <ol className="mt-2 list-decimal space-y-2 pl-6">
        <li>
          {setup.source
            ? "Create the app from the published source:"
            : "Create the app from this app's repository (ask the person who runs Go-Live for its address)."}
          {setup.source ? (
            <div className="mt-1 flex items-center gap-2">
              <code className="min-w-0 flex-1 break-all rounded bg-slate-100 p-2" data-testid="golive-source">
                {setup.source}
              </code>
              <CopyButton value={setup.source} />
            </div>
          ) : null}
        </li>
        {setup.steps.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ol>
      {setup.commands.length ? (
        <ul className="mt-3 space-y-2">
          {setup.commands.map((command) => (
            <li key={command.label}>
              <p className="text-sm font-medium text-slate-700">{command.label}</p>
              <div className="flex items-center gap-2">
                <code className="min-w-0 flex-1 break-all rounded bg-slate-100 p-2">{command.value}</code>
                <CopyButton value={command.value} />
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      <p className="mt-3">
        <strong>Database:</strong> {setup.postgresOffer}
      </p>
      <details className="mt-2">
        <summary className="cursor-pointer py-2.5 font-medium text-indigo-800">Usual mistakes on {setup.name}</summary>
        <ul className="list-disc space-y-1 pl-5">
          {setup.pitfalls.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </details>
    </details>
  );
}
