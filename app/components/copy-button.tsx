import { useEffect, useState } from "react";

/** Copy-to-clipboard, shown only once JavaScript runs: without it the value is selectable text. */
export function CopyButton({ value, label = "Copy" }: { value: string; label?: string }) {
  const [mounted, setMounted] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setMounted(true), []);
  if (!mounted) return null;
  return (
    <button
      type="button"
      className="btn-secondary min-w-11 px-3 py-1"
      onClick={() => {
        void navigator.clipboard.writeText(value).then(() => {
          setCopied(true);
          setTimeout(() => setCopied(false), 2000);
        });
      }}
    >
      {copied ? "Copied" : label}
    </button>
  );
}
