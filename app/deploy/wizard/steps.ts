/** The eight wizard steps, in the order they must be done. Provider-specific "how" lives in providers.ts. */
export const WIZARD_STEP_IDS = ["provider", "url", "database", "secrets", "keys", "preflight", "verify", "live"] as const;
export type WizardStepId = (typeof WIZARD_STEP_IDS)[number];

export type WizardStep = { id: WizardStepId; letter: string; title: string; path: string; what: string; why: string };

export const WIZARD_STEPS: readonly WizardStep[] = [
  {
    id: "provider",
    letter: "A",
    title: "Provider",
    path: "/dashboard/deploy/provider",
    what: "Choose where your app will run.",
    why: "Every later step speaks your host's language: where its settings live, what its URLs look like, which database it offers.",
  },
  {
    id: "url",
    letter: "B",
    title: "Live URL",
    path: "/dashboard/deploy/url",
    what: "The https address where your app answers.",
    why: "Verification calls this address, and the app uses it to recognise tokens meant for it.",
  },
  {
    id: "database",
    letter: "C",
    title: "Database",
    path: "/dashboard/deploy/database",
    what: "The PostgreSQL connection string your app will use.",
    why: "Your data lives in your own database. We check that it answers before you go live.",
  },
  {
    id: "secrets",
    letter: "D",
    title: "Secrets",
    path: "/dashboard/deploy/secrets",
    what: "Keys that sign sessions and tokens and encrypt stored data.",
    why: "Generated here from a secure random source and shown once; we keep only fingerprints to check your host has them.",
  },
  {
    id: "keys",
    letter: "E",
    title: "Optional keys",
    path: "/dashboard/deploy/keys",
    what: "Keys for the modules you enabled: email, payments, AI.",
    why: "Enabled modules fail without them; we check their format before you deploy.",
  },
  {
    id: "preflight",
    letter: "F",
    title: "Pre-flight",
    path: "/dashboard/deploy/preflight",
    what: "Checks your configuration and your database for real.",
    why: "A failing check blocks going live and tells you exactly what to fix.",
  },
  {
    id: "verify",
    letter: "G",
    title: "Verify",
    path: "/dashboard/deploy/verify",
    what: "Calls your live app to prove it is deployed with these settings.",
    why: "Proves the host runs this build, is healthy, and holds exactly the secrets generated here.",
  },
  {
    id: "live",
    letter: "H",
    title: "Go LIVE",
    path: "/dashboard/deploy/live",
    what: "Mark your workspace as live.",
    why: "Only possible when the latest pre-flight and verification both passed for the current configuration.",
  },
];

export function stepById(id: WizardStepId) {
  return WIZARD_STEPS.find((step) => step.id === id)!;
}
