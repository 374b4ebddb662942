import type { HeadersFunction, LinksFunction, MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration } from "@remix-run/react";
import type { ReactNode } from "react";
import { ErrorPage } from "./components/error-page";
import { useNonce } from "./components/nonce";
import { keepClientHeaders } from "./http/headers";
import { TIME_ZONE_SCRIPT } from "./workspace/format";
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
        {/* The browser's time zone, for dates (a cookie; without JavaScript they stay in UTC). */}
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: TIME_ZONE_SCRIPT }} />
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

export function ErrorBoundary() {
  return <ErrorPage />;
}
