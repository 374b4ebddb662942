import { describe, expect, it } from "vitest";
import { alertEmail, SMTP_TIMEOUTS, smtpTransportOptions } from "./alert-email";

describe("alertEmail", () => {
  const event = { title: "Your app is down", text: "Your app stopped answering at 14:01 UTC: GET /health did not answer." };

  it("names the workspace in the subject and the body, with what was seen and the link", () => {
    expect(alertEmail("Acme Bakery", event, "https://golive.example/dashboard/deploy/live#live-check-1")).toEqual({
      subject: "Go-Live: Your app is down (Acme Bakery)",
      body: "Your app stopped answering at 14:01 UTC: GET /health did not answer.\n\nWorkspace: Acme Bakery\nhttps://golive.example/dashboard/deploy/live#live-check-1\n",
    });
  });

  it("keeps a name with line breaks on one line, so it cannot add a header", () => {
    const { subject, body } = alertEmail("  Acme\r\nBcc: someone@example.com\t", event, "https://golive.example/x");
    expect(subject).toBe("Go-Live: Your app is down (Acme Bcc: someone@example.com)");
    expect(subject).not.toMatch(/[\r\n]/);
    expect(body).toContain("Workspace: Acme Bcc: someone@example.com\n");
  });
});

describe("smtpTransportOptions", () => {
  it("keeps SMTP_URL as it is and bounds each wait of the session to seconds, not nodemailer's minutes", () => {
    expect(smtpTransportOptions("smtp://u:p@mail.example.com:587")).toEqual({ url: "smtp://u:p@mail.example.com:587", ...SMTP_TIMEOUTS });
    for (const ms of Object.values(SMTP_TIMEOUTS)) expect(ms).toBeLessThanOrEqual(30_000);
  });
});
