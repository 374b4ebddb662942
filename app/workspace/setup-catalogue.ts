/** The setup checklist every tenant works through before going live. */
export type SetupCatalogueItem = { key: string; title: string; why: string; href: string; required: boolean };

export const SETUP_CATALOGUE: readonly SetupCatalogueItem[] = [
  {
    key: "business-profile",
    title: "Fill in the business profile",
    why: "Your name and contact details appear on every page customers see.",
    href: "/dashboard/setup#business-profile",
    required: true,
  },
  {
    key: "invite-team",
    title: "Invite your team",
    why: "At least one other owner or admin can step in if you are away.",
    href: "/dashboard/team",
    required: true,
  },
  {
    key: "choose-modules",
    title: "Choose your modules",
    why: "Email, payments and AI need keys; the Deploy Wizard asks only for the ones you enable.",
    href: "/dashboard/modules",
    required: false,
  },
  {
    key: "privacy-policy",
    title: "Publish a privacy policy",
    why: "Required by law in most countries once customers can sign up.",
    href: "/dashboard/setup#privacy-policy",
    required: true,
  },
  {
    key: "support-contact",
    title: "Set a support contact",
    why: "Customers need a way to reach you when something goes wrong.",
    href: "/dashboard/setup#support-contact",
    required: true,
  },
  {
    key: "brand-colours",
    title: "Pick brand colours",
    why: "Optional polish: your app looks like yours.",
    href: "/dashboard/setup#brand-colours",
    required: false,
  },
];

export const SETUP_KEYS = SETUP_CATALOGUE.map((item) => item.key);
