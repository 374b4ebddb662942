import path from "node:path";
import type { Page } from "@playwright/test";
import { startAppProcess, type AppProcess } from "../../tests/helpers/app-process";
import { checked, eventually, expectTrue, ProofFailure } from "./check";
import { exchange, figure } from "./report";
import { curlCommand, Transcript, type Redactor } from "./transcript";

/**
 * Proof of Stay LIVE (issue 20): Acme Bakery's live app goes down and comes back while the platform
 * checks it on schedule (every 10 s in the proof: the platform runs with LIVE_CHECK_INTERVAL_SECONDS=10).
 * The dashboard at 360×740 with JavaScript off: "checked … ago", BLOCKED with what was seen and the
 * alert, LIVE again with the incident resolved, the chart; then GET /api/deploy/uptime with curl.
 * Returns the report's section (markdown); the caller adds it to reports/proof.md.
 */
export async function stayLiveProof(input: {
  page: Page;
  platformUrl: string;
  livePort: number;
  /** Acme's env bundle, as the instance was started from it in part 1. */
  env: Record<string, string>;
  shotsDir: string;
  redactor: Redactor;
}): Promise<string> {
  const { page } = input;
  let live: AppProcess | undefined;
  const start = async () =>
    (live = await startAppProcess({
      port: input.livePort,
      env: { ...input.env, LOG_LEVEL: "info" },
      logFile: ".tmp/proof-live-acme-stay.log",
      appendLog: true,
      readyPath: "/health",
      timeoutMs: 30_000,
    }));
  const shot = async (file: string, caption: string) => {
    await page.screenshot({ path: path.join(input.shotsDir, file), fullPage: true });
    return figure(file, caption);
  };
  const badgeState = async () => {
    await page.goto("/dashboard");
    return page.getByTestId("deploy-badge").getAttribute("data-state");
  };
  try {
    await page.goto("/dashboard");
    await eventually("stay LIVE: the dashboard shows Acme Bakery", "Acme Bakery", async () => (await page.getByTestId("tenant-name").textContent())?.trim());

    // Up: a scheduled check passes within the 10-second cadence.
    await start();
    await eventually("stay LIVE: the app answers, the badge is LIVE", "LIVE", badgeState, 60_000);
    // LIVE comes from going live; the first scheduled check follows within the cadence.
    const checkedText = async () => {
      await page.goto("/dashboard");
      const text = (await page.getByTestId("live-checked").textContent()) ?? "";
      return /checked (just now|\d+ min ago)/.test(text) ? "says when" : text;
    };
    await eventually("stay LIVE: the dashboard says when the app was last checked", "says when", checkedText, 60_000);
    const up = await shot(
      "20-stay-live-up.png",
      "Stay LIVE: the dashboard at 360 px, JavaScript off: LIVE, “checked just now”, uptime and the response-time chart.",
    );

    // Down: the app stops; two failed checks later the badge is BLOCKED, with what was seen, and the owners are alerted.
    await live!.stop();
    live = undefined;
    await eventually("stay LIVE: the app stopped, two failed checks later the badge is BLOCKED", "BLOCKED", badgeState, 90_000);
    const verdict = (await page.getByTestId("deploy-waiting").textContent()) ?? "";
    expectTrue("stay LIVE: the badge says when the app stopped answering", /Your app stopped answering at \d\d:\d\d UTC/.test(verdict), verdict);
    const alerts = (await page.getByTestId("live-notifications").textContent()) ?? "";
    expectTrue("stay LIVE: owners and admins see the alert “Your app is down”", alerts.includes("Your app is down"), alerts);
    const down = await shot(
      "21-stay-live-down.png",
      "Stay LIVE: the app stopped. BLOCKED, “Your app stopped answering at …” with the failing call, the alert, and the ongoing incident; the workspace stays marked live.",
    );

    // Back: started again, the next passing check brings LIVE back by itself and closes the incident.
    await start();
    await eventually("stay LIVE: the app is back, the badge is LIVE again by itself", "LIVE", badgeState, 60_000);
    const incident = (await page.getByTestId("live-incident").first().textContent()) ?? "";
    expectTrue("stay LIVE: the incident is resolved, with its start, end and cause", /Resolved.*from .* UTC to .* UTC.*Cause:/s.test(incident), incident);
    const back = (await page.getByTestId("live-notifications").textContent()) ?? "";
    expectTrue("stay LIVE: the alert “Your app is back” followed", back.includes("Your app is back"), back);
    const recovered = await shot(
      "22-stay-live-back.png",
      "Stay LIVE: the app answers again. LIVE by itself, the incident resolved with its start, end and cause, both alerts.",
    );

    // The same as JSON, with curl and a personal API token of the workspace.
    const created = await page.request.post("/api/tokens", { data: { name: "proof stay live" } });
    if (created.status() !== 201) throw new ProofFailure("stay LIVE: an API token", "HTTP 201", String(created.status()));
    const token = ((await created.json()) as { token: string }).token;
    input.redactor.add(token);
    const transcript = new Transcript({ GOLIVE_URL: input.platformUrl, GOLIVE_TOKEN: token, PATH: process.env.PATH ?? "" }, input.redactor);
    const answer = await transcript.run({
      title: "Health of the live app: GET /api/deploy/uptime",
      note: "Uptime over 24 hours, 7 and 30 days, the last day's checks, the incidents (start, end, cause). Owners and admins, with a session or a token.",
      command: curlCommand(["curl -sS -i", '-H "Authorization: Bearer $GOLIVE_TOKEN"', '"$GOLIVE_URL/api/deploy/uptime"']),
      expectStatus: 200,
    });
    const json = answer.json as { live: boolean; incidents: { endedAt: string | null }[] };
    expectTrue(
      "stay LIVE: the API reports the workspace live with its incidents, the latest resolved",
      json.live && json.incidents[0]?.endedAt != null,
      JSON.stringify(json.incidents),
    );
    checked.push("stay LIVE: proof part done");
    return [
      "## Stay LIVE: the app goes down and comes back",
      "The platform checks every LIVE workspace on a schedule with the same calls as step G (every 10 s in this run; 5 minutes by default). Acme Bakery's instance is started, stopped and started again; the dashboard, at 360 px with JavaScript off, follows it without anyone pressing Verify.",
      up,
      down,
      recovered,
      exchange(1, transcript.exchanges[0]!),
    ].join("\n\n");
  } finally {
    await live?.stop();
  }
}
