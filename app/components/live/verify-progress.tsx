import { useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { formatWhen } from "~/workspace/format";

/**
 * A verification still waking the app: with JavaScript off the page refreshes itself (a meta
 * refresh inside <noscript>, so it never fires when scripts run); with it on, the page's data is
 * reloaded every 2 seconds in place until the run is stored.
 */
export function VerifyProgress({ since, attempt }: { since: string; attempt: number }) {
  const revalidator = useRevalidator();
  useEffect(() => {
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 2000);
    return () => clearInterval(timer);
  }, [revalidator]);
  return (
    <div className="notice notice-warn mt-3" role="status" aria-live="polite" data-testid="verify-progress">
      <noscript>
        <meta httpEquiv="refresh" content="3" />
      </noscript>
      <p>
        <strong>Waking your app and verifying…</strong> Started {formatWhen(since)}; call {attempt}. A sleeping app (free plans) can take up to a minute to
        answer. This page updates by itself.
      </p>
    </div>
  );
}
