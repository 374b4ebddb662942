import { getEnv } from "~/env.server";
import { isProviderId, providerGuide } from "./providers";

const NODE_COMMANDS = [
  { label: "Build command", value: "npm ci --include=dev && npm run build" },
  { label: "Start command", value: "node server.js" },
  { label: "Health-check path", value: "/health" },
];
const IMAGE_COMMANDS = [
  { label: "Health-check path", value: "/health" },
  { label: "Port the app listens on", value: "3000" },
];

/** The chosen host's setup checklist (HostSetup), with the operator's published source (GOLIVE_SOURCE). */
export function hostSetupFor(provider: string | null) {
  if (!provider || !isProviderId(provider)) return null;
  const guide = providerGuide(provider);
  const terminal = provider === "FLY" || provider === "DOCKER";
  return {
    name: guide.name,
    source: getEnv().source,
    steps: guide.how.provider ?? [],
    commands: terminal || provider === "RAILWAY" ? IMAGE_COMMANDS : NODE_COMMANDS,
    postgresOffer: guide.postgresOffer,
    pitfalls: guide.commonPitfalls,
    needsComputer: terminal,
  };
}
