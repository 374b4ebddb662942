import type { HeadersFunction, LinksFunction, MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError } from "@remix-run/react";
import type { ReactNode } from "react";
import { useNonce } from "./components/nonce";
import { keepClientHeaders } from "./http/headers";
import stylesheet from "./styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.ico", sizes: "32x32" },
];
export const meta: MetaFunction = () => [{ title: "Go-Live" }];
// A thrown 429 (rate limit) renders this route's error boundary: keep its Retry-After.
export const headers: HeadersFunction = ({ errorHeaders }) => keepClientHeaders(errorHeaders);

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

const STATUS_MESSAGES: Record<number, string> = {
  400: "That request was not understood.",
  403: "You do not have access to this page.",
  404: "There is nothing at this address.",
  429: "Too many attempts. Wait a moment and try again.",
  503: "The service is temporarily unavailable. Try again in a moment.",
};

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const detail = isRouteErrorResponse(error) && typeof error.data === "string" && status < 500 ? error.data : null;
  return (
    <main className="mx-auto max-w-xl p-6">
      <h1 className="page-title">{status === 500 ? "Something went wrong" : `Error ${status}`}</h1>
      <p className="mt-2">{detail ?? STATUS_MESSAGES[status] ?? "Something went wrong on our side. Try again in a moment."}</p>
      <p className="mt-4">
        <a href="/dashboard">Back to the dashboard</a>
      </p>
    </main>
  );
}
