import type { ReactNode } from "react";
import { Link } from "@remix-run/react";
import type { RenderedBundle } from "~/deploy/config/env-bundle";
import { CopyButton } from "../copy-button";
import { EnvBundleView } from "./env-bundle-view";

type Secret = { name: string; value: string; encoding: string; bytes: number; fingerprint: string; purpose: string };
type FreshView = { source: "generate" | "provide"; rotated: boolean; secrets: Secret[]; bundle: RenderedBundle | null };

/** Step D's values, shown this once: copy each, copy the bundle, or download it as a `.env` file (a plain form, no JavaScript). */
export function SecretsOnce({ view, children }: { view: FreshView; children: ReactNode }) {
  return (
    <section>
      <h2 className="page-title">{view.rotated ? "Secrets rotated" : view.source === "provide" ? "Your secrets are stored" : "Secrets generated"}</h2>
      <p className="notice notice-warn mt-3" role="alert" data-testid="save-now-warning">
        <strong>Save these values now, before you leave this page.</strong> They are shown only this once: a refresh, Back or another tab will not show them
        again. Go-Live keeps the JWT secret encrypted (to sign verification calls) and only fingerprints of the others.
        {view.rotated ? " Your app keeps running with the old values until you update its environment: verify again afterwards." : ""}
      </p>
      {view.bundle ? (
        // A native form: the browser saves the answer as a file and stays on this page, with or without JavaScript.
        <form method="post" action="/dashboard/deploy/secrets/download" className="mt-3">
          <button className="btn-secondary w-full sm:w-auto" type="submit" data-testid="download-env">
            Download as a .env file
          </button>
        </form>
      ) : null}
      <ul className="mt-3 space-y-3">
        {view.secrets.map((secret) => (
          <li key={secret.name} className="card" data-testid={`secret-${secret.name}`}>
            <div className="flex items-center justify-between gap-2">
              <p className="font-mono font-semibold">{secret.name}</p>
              <CopyButton value={secret.value} />
            </div>
            <p className="mt-1 break-all rounded bg-slate-100 p-2 font-mono" data-testid="secret-value">
              {secret.value}
            </p>
            <p className="mt-1 text-sm text-slate-700">
              {secret.encoding}, {secret.bytes} bytes · fingerprint <code>{secret.fingerprint}</code> · {secret.purpose}
            </p>
          </li>
        ))}
      </ul>
      {view.bundle ? <EnvBundleView bundle={view.bundle} withValues /> : null}
      {children}
    </section>
  );
}

/** The one-time view after its one time: nothing to show, and the calm way on. */
export function SecretsGone({ alreadyShown, live, next }: { alreadyShown: boolean; live: boolean; next: { path: string; title: string } }) {
  return (
    <section data-testid="secrets-already-shown">
      <h2 className="page-title">{alreadyShown ? "Already shown" : "Nothing to show"}</h2>
      <p className="mt-3">
        {alreadyShown
          ? "These secrets were shown once, on the page before this one, and are not shown again. If you saved them, continue."
          : "Secret values are shown once, right after they are generated, and not again."}
      </p>
      <p className="mt-3">
        <Link className="btn w-full sm:w-auto" to={next.path}>
          Continue to {next.title}
        </Link>
      </p>
      <p className="mt-4">
        {live ? (
          <>
            Lost them? Your app is live: replacing them is a rotation.{" "}
            <Link className="inline-flex min-h-11 items-center" to="/dashboard/deploy/secrets">
              Rotate the secrets on step D
            </Link>
          </>
        ) : (
          <>
            Lost them?{" "}
            <Link className="inline-flex min-h-11 items-center" to="/dashboard/deploy/secrets" data-testid="lost-secrets-link">
              Generate new ones — safe while nothing is live
            </Link>
          </>
        )}
      </p>
    </section>
  );
}
