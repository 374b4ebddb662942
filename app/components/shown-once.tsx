import { CopyButton } from "./copy-button";

/**
 * A value the server returns exactly once (an API token, an invitation link): selectable text that
 * works without JavaScript, a copy button once JavaScript runs, and the warning that it will not
 * be shown again.
 */
export function ShownOnce({ id, label, value, heading, children }: { id: string; label: string; value: string; heading: string; children?: React.ReactNode }) {
  return (
    <div className="notice notice-warn mt-4" role="status" data-testid={`${id}-panel`}>
      <p className="font-semibold">{heading}</p>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input id={id} readOnly value={value} data-testid={id} className="field-input font-mono" onFocus={(event) => event.currentTarget.select()} />
      {children}
      <div className="mt-2">
        <CopyButton value={value} label={`Copy ${label.toLowerCase()}`} />
      </div>
    </div>
  );
}
