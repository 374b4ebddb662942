import type { RenderedBundle } from "~/deploy/config/env-bundle";
import { CopyButton } from "../copy-button";

export function EnvBundleView({ bundle, withValues }: { bundle: RenderedBundle; withValues: boolean }) {
  return (
    <section className="card mt-4" aria-labelledby="env-bundle-title" data-testid="env-bundle">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id="env-bundle-title" className="min-w-0 font-semibold">
          {bundle.title}
        </h3>
        <CopyButton value={bundle.text} label="Copy all" />
      </div>
      <p className="mt-1 text-sm text-slate-700">{bundle.instructions}</p>
      {!withValues ? (
        <p className="mt-1 text-sm text-slate-600">Secret values are not shown again: they appear only in the response that generated them.</p>
      ) : null}
      <pre className="mt-2 max-h-80 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-900 p-3 text-sm text-slate-100">{bundle.text}</pre>
      {bundle.warnings?.length ? (
        <ul className="notice notice-warn mt-2 list-disc pl-5">
          {bundle.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      ) : null}
      {bundle.alternative ? (
        <details className="mt-2 text-sm">
          <summary className="cursor-pointer">{bundle.alternative.title}</summary>
          <pre className="mt-1 max-h-60 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-100 p-2 text-sm">{bundle.alternative.text}</pre>
        </details>
      ) : null}
      {bundle.command ? (
        <p className="mt-2 text-sm">
          Then run: <code className="break-all rounded bg-slate-100 px-1">{bundle.command}</code>
        </p>
      ) : null}
    </section>
  );
}
