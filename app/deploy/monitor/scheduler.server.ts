import { PgBoss, type Job } from "pg-boss";
import { jobQueueConnection } from "~/db/client.server";
import { getEnv } from "~/env.server";
import { getLogger } from "~/logger.server";
import { deliverAlertEmail, deliverWebhook, type AlertQueues, type MailJob, type WebhookJob } from "./alerts.server";
import { intervalSecondsFor, logCheckError, recordQueuedSlot, runScheduledAttempt, workspacesWithoutQueuedCheck, type WakeState } from "./checks.server";
import { nextSlot } from "./schedule";

/**
 * The scheduler of Stay LIVE: pg-boss, a PostgreSQL job queue, on the app's own database (the
 * embedded one through its thread, PostgreSQL through a small pool of its own). Started once per
 * platform process by app/start.server.ts, stopped before the database closes; an instance
 * (GOLIVE_MODE=instance) has no workspaces to watch and starts none.
 *
 * Each LIVE workspace has one job queued for its next slot (queue `live-check`, policy `stately`
 * keyed by the workspace: at most one queued and one running per workspace, across every process
 * on the database). A job checks its slot, then queues the next slot. A sweep every minute (a
 * pg-boss cron schedule, and once at start) queues a job for a LIVE workspace that has none, so the
 * schedule survives restarts, crashes and new LIVE workspaces. The slot's row in LiveCheck is the
 * final word on "once per slot" (checks.server.ts).
 */
export const QUEUES = { check: "live-check", sweep: "live-check-sweep", webhook: "live-webhook", mail: "live-email" } as const;
const WEBHOOK_RETRIES = { retryLimit: 5, retryDelay: 2, retryBackoff: true, retryDelayMax: 300 } as const;
/** Alert mail SMTP did not take: 7 more tries, 30 s apart at first, doubling up to 30 min; after the last it waits in the outbox, unsent. */
const MAIL_RETRIES = { retryLimit: 7, retryDelay: 30, retryBackoff: true, retryDelayMax: 1800 } as const;

/** A slot's check; with `wake`, the next attempt of a check whose app did not answer yet. */
type CheckJob = { tenantId: string; slotAt: string; wake?: WakeState };

export type Scheduler = {
  boss: PgBoss;
  /** Where alerts queue their webhook deliveries and their mail's next attempts. */
  alertQueues: Required<AlertQueues>;
  /** Queues the next slot's check for a workspace (after Go LIVE, after its interval changed). */
  scheduleWorkspace: (tenantId: string) => Promise<void>;
  /** Queues a check for every LIVE workspace that has none; how many it found without one. */
  sweep: () => Promise<number>;
  stop: () => Promise<void>;
};

export type SchedulerOptions = {
  /** Seconds between two looks for due jobs (pg-boss polls; LISTEN/NOTIFY is off). */
  pollingIntervalSeconds?: number;
  /** Run the cron sweep (tests that count calls turn it off to control when jobs are queued). */
  cronSweep?: boolean;
  /** Webhook retry delay in seconds (tests shorten it). */
  webhookRetryDelaySeconds?: number;
  /** Delay before the next attempt at alert mail SMTP did not take, in seconds (tests shorten it). */
  mailRetryDelaySeconds?: number;
  /** How long a silent app is called again (LIVE_WAKE_SECONDS unless given). */
  wakeSeconds?: number;
};

const HOLDER_KEY = Symbol.for("go-live.scheduler");
const holder = ((globalThis as { [HOLDER_KEY]?: { current?: Scheduler } })[HOLDER_KEY] ??= {});

export async function startScheduler(options: SchedulerOptions = {}): Promise<Scheduler> {
  const env = getEnv();
  const connection = await jobQueueConnection();
  const common = { useListenNotify: false, schema: "pgboss", application_name: "go-live jobs" } as const;
  const boss =
    connection.kind === "postgres"
      ? new PgBoss({ ...common, connectionString: connection.url, max: 4 })
      : new PgBoss({ ...common, db: { executeSql: connection.executeSql }, backend: "pglite" });
  const logger = getLogger();
  boss.on("error", (error) => logger.error({ err: error }, "job queue error"));
  await boss.start();

  const ensureQueue = async (name: string, queueOptions: Parameters<PgBoss["createQueue"]>[1]) => {
    if (!(await boss.getQueue(name))) await boss.createQueue(name, queueOptions);
  };
  await ensureQueue(QUEUES.check, { policy: "stately", retryLimit: 0, expireInSeconds: 300, deleteAfterSeconds: 3600 });
  await ensureQueue(QUEUES.sweep, { policy: "short", retryLimit: 0, expireInSeconds: 120, deleteAfterSeconds: 3600 });
  await ensureQueue(QUEUES.webhook, {
    ...WEBHOOK_RETRIES,
    retryDelay: options.webhookRetryDelaySeconds ?? WEBHOOK_RETRIES.retryDelay,
    expireInSeconds: 120,
    deleteAfterSeconds: 7 * 86400,
  });
  const mailRetryDelay = options.mailRetryDelaySeconds ?? MAIL_RETRIES.retryDelay;
  await ensureQueue(QUEUES.mail, { ...MAIL_RETRIES, retryDelay: mailRetryDelay, expireInSeconds: 300, deleteAfterSeconds: 7 * 86400 });

  const queueSlot = async (tenantId: string, after: Date) => {
    const slotAt = nextSlot(tenantId, await intervalSecondsFor(tenantId), after);
    const queued = await boss.send(QUEUES.check, { tenantId, slotAt: slotAt.toISOString() } satisfies CheckJob, { singletonKey: tenantId, startAfter: slotAt });
    // Null when the workspace already has a check queued (the queue's policy): that one's slot stands.
    if (queued) await recordQueuedSlot(tenantId, slotAt);
  };
  const webhooks = async (delivery: WebhookJob) => {
    await boss.send(QUEUES.webhook, delivery);
  };
  // The first attempt was made when the alert was raised: the queued one waits the first delay.
  const mail = async (retry: MailJob) => {
    await boss.send(QUEUES.mail, retry, { startAfter: mailRetryDelay });
  };
  const alertQueues = { webhooks, mail };
  const polling = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 };
  // pg-boss has a worker wait out the polling interval after each job before it fetches again, which
  // caps a process at LIVE_CHECK_CONCURRENCY / interval checks a second (16 / 2 s = 8, when 2,000
  // workspaces on a 5-minute cadence need about 7): beyond that every check starts later and later.
  // So each worker that has a check in hand fetches again as soon as it is done; a fetch that finds
  // nothing due puts it back on polling.
  const fetchAgainAfterCheck = () => {
    for (const worker of boss.getWipData()) if (worker.name === QUEUES.check && worker.count > 0) boss.notifyWorker(worker.id);
  };

  await boss.work<CheckJob>(QUEUES.check, { ...polling, batchSize: 1, localConcurrency: env.liveCheckConcurrency }, async ([job]) => {
    const { tenantId, slotAt, wake } = job!.data;
    let live = true;
    let waking = false;
    // A silent app's next attempt is a job of its own, a few seconds on: waiting for it to wake holds
    // none of the process's LIVE_CHECK_CONCURRENCY slots (with the wait inside the job, 16 sleeping
    // apps held them all and every other check waited; an outage of many apps then opened no incident).
    const retry = async (next: WakeState, at: Date) =>
      Boolean(await boss.send(QUEUES.check, { tenantId, slotAt, wake: next } satisfies CheckJob, { singletonKey: tenantId, startAfter: at }));
    try {
      const result = await runScheduledAttempt(tenantId, new Date(slotAt), wake ?? null, { ...alertQueues, retry, wakeSeconds: options.wakeSeconds });
      waking = !result.ran && result.reason === "waking";
      live = result.ran || result.reason !== "not_live";
    } catch (error) {
      logCheckError(error, tenantId);
    }
    // The next slot after this one (and after now: a late check does not queue a burst of past slots).
    if (live && !waking) await queueSlot(tenantId, new Date(Math.max(Date.now(), new Date(slotAt).getTime() + 1)));
    fetchAgainAfterCheck();
  });
  await boss.work<WebhookJob>(QUEUES.webhook, { ...polling, batchSize: 1, localConcurrency: 4, includeMetadata: true }, async ([job]) => {
    await deliverWebhook(job!.data, ((job as Job<WebhookJob> & { retryCount?: number }).retryCount ?? 0) + 1);
  });
  await boss.work<MailJob>(QUEUES.mail, { ...polling, batchSize: 1, localConcurrency: 2 }, async ([job]) => {
    await deliverAlertEmail(job!.data);
  });

  // Only workspaces without a queued check (new LIVE ones, or one whose job was lost in a crash):
  // a slot further past than a wake-up window and some lateness is no longer waiting to run.
  const sweep = async () => {
    const lostBefore = new Date(Date.now() - (env.liveWakeSeconds + 120) * 1000);
    const due = await workspacesWithoutQueuedCheck(lostBefore);
    for (const tenantId of due) await queueSlot(tenantId, new Date());
    return due.length;
  };
  await boss.work(QUEUES.sweep, polling, async () => sweep());
  if (options.cronSweep !== false) await boss.schedule(QUEUES.sweep, "* * * * *");
  await sweep();

  const scheduler: Scheduler = {
    boss,
    alertQueues,
    scheduleWorkspace: (tenantId) => queueSlot(tenantId, new Date()),
    sweep,
    stop: async () => {
      if (holder.current === scheduler) holder.current = undefined;
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
  return scheduler;
}

/** The process's scheduler: started by the server at start (platform mode only). */
export async function startProcessScheduler(options: SchedulerOptions = {}) {
  if (getEnv().mode !== "platform") return null;
  holder.current ??= await startScheduler(options);
  return holder.current;
}

export async function stopProcessScheduler() {
  await holder.current?.stop();
  holder.current = undefined;
}

/** After Go LIVE or a change of interval: the workspace's next check is queued now (nothing happens without a scheduler in this process; the sweep then finds it within a minute). */
export async function scheduleWorkspace(tenantId: string) {
  await holder.current?.scheduleWorkspace(tenantId).catch((error) => getLogger().error({ err: error, tenantId }, "could not queue the next check"));
}
