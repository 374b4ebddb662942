/** Optional modules a tenant can enable. Their keys are entered in the Deploy Wizard (step E). */
export const MODULES = ["email", "payments", "ai"] as const;
export type ModuleName = (typeof MODULES)[number];

export const MODULE_CATALOGUE: Record<ModuleName, { title: string; description: string; envVars: string[] }> = {
  email: { title: "Email", description: "Send sign-up confirmations and receipts.", envVars: ["SMTP_URL or EMAIL_API_KEY"] },
  payments: { title: "Payments", description: "Take card payments (Stripe-compatible keys).", envVars: ["PAYMENTS_SECRET_KEY", "PAYMENTS_WEBHOOK_SECRET"] },
  ai: { title: "AI assistant", description: "Draft replies and summaries with OpenAI.", envVars: ["OPENAI_API_KEY"] },
};
