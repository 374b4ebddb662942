import { Link } from "@remix-run/react";

/** The LIVE moment: what to do now, in order, on the workspace's own instance. */
export function LiveNextSteps({ appUrl, isOwner }: { appUrl: string | null; isOwner: boolean }) {
  const at = (path: string) => (appUrl ? `${appUrl}${path}` : path);
  return (
    <section className="card mt-4" aria-labelledby="next-steps-title" data-testid="live-next-steps">
      <h3 id="next-steps-title" className="font-semibold">
        What to do now
      </h3>
      <ol className="mt-2 list-decimal space-y-2 pl-5">
        <li>
          <strong>Open your app</strong> at{" "}
          <a className="break-all" href={appUrl ?? "#"}>
            {appUrl}
          </a>
          : this is where your team works from now on.
        </li>
        <li>
          <strong>Sign in there as its owner</strong>{" "}
          {isOwner
            ? "with the claim link above (shown once; a new one can be issued here any time)."
            : "— the owner gets the claim link on this page and signs in first."}
        </li>
        <li>
          <strong>Invite your team on the instance</strong>: its <a href={at("/dashboard/team")}>Team page</a> sends invitations; people sign in there, not
          here.
        </li>
        <li>
          <strong>Set up modules</strong> (email, payments, AI) on the instance&apos;s <a href={at("/dashboard/modules")}>Modules page</a>; their keys go in
          your host&apos;s environment.
        </li>
        <li>
          <strong>If something goes wrong</strong>, <Link to="/dashboard/deploy/verify">verify again</Link>: each failed check says what is wrong and how to fix
          it. Your host&apos;s logs show the app&apos;s own errors, and the <Link to="/dashboard/audit">audit log</Link> records every change made here.
        </li>
      </ol>
    </section>
  );
}
