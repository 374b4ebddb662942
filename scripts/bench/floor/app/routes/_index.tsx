import { useLoaderData } from "@remix-run/react";

declare const __FLOOR_BODY__: string;

/** A loader (so the page carries hydration data, as every app page does) and a body of the wizard
 * step's size given to React as finished markup: the framework's work without the app's. */
export async function loader() {
  return { step: "provider" };
}

export default function FloorPage() {
  const { step } = useLoaderData<typeof loader>();
  return <div data-step={step} dangerouslySetInnerHTML={{ __html: __FLOOR_BODY__ }} />;
}
