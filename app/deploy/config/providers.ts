import type { WizardStepId } from "~/deploy/wizard/steps";

/**
 * The provider catalogue: each host's own words for where env vars live, what its URLs and
 * databases look like and what usually goes wrong. Pure data, read by pages on server and client.
 * The platform never calls a provider's API: these are instructions for a person.
 */
export const PROVIDERS = ["REPLIT", "RENDER", "RAILWAY", "FLY", "DOCKER"] as const;
export type ProviderId = (typeof PROVIDERS)[number];

export type ProviderGuide = {
  id: ProviderId;
  /** "Replit", "Render", "Railway", "Fly.io", "Docker" */
  name: string;
  /** One line for the provider picker. */
  tagline: string;
  /** Where env vars are set, in the provider's own words. */
  envVarsWhere: string;
  /** The usual address, with placeholders: "https://<service-name>.onrender.com". */
  urlShape: string;
  /** A concrete address of that shape (used as a form placeholder and in tests). */
  urlExample: string;
  /** The usual host shape; null when any host is normal (Docker). Not global: safe to reuse. */
  urlHostPattern: RegExp | null;
  /** Its PostgreSQL offer and which connection string to copy. */
  postgresOffer: string;
  /** What usually goes wrong. */
  commonPitfalls: string[];
  /** Provider-specific "how to" lines for each wizard step. */
  how: Partial<Record<WizardStepId, string[]>>;
  bundle: { format: "fly-secrets" | "docker-env-file" | "dotenv-bulk" | "name-value"; title: string; instructions: string };
};

const BUILD_WITH_DEV_DEPENDENCIES =
  "Build command: npm ci --include=dev && npm run build. Start command: node server.js. (With NODE_ENV=production set, a plain npm ci skips the build tools and the build fails.)";

const PREFLIGHT_COMMON = [
  "Pre-flight connects to your DATABASE_URL from the Go-Live platform, over the internet. Private and internal addresses are refused, so the database needs a public address.",
  "Each failed check names what is wrong and links to the step that fixes it; run pre-flight again after fixing.",
];

const LIVE_COMMON = [
  "Go LIVE is possible only when the latest pre-flight and verification both passed for the configuration as it is now.",
  "Changing the provider, live URL, database or secrets later moves the workspace back to ACTION REQUIRED until you verify again.",
];

export const PROVIDER_GUIDES: Record<ProviderId, ProviderGuide> = {
  REPLIT: {
    id: "REPLIT",
    name: "Replit",
    tagline: "Build and publish from the browser; values go in the Secrets tool.",
    envVarsWhere:
      "Secrets tool (All tools → Secrets → App Secrets → New Secret, or Edit as .env). The published app uses the secrets of its deployment: check them in the Publishing (Deployments) pane and republish after a change.",
    urlShape: "https://<app-name>.replit.app",
    urlExample: "https://go-live-shop.replit.app",
    urlHostPattern: /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.replit\.app$/,
    postgresOffer:
      "Replit's Database tool creates a PostgreSQL database and adds its DATABASE_URL to your Secrets. Copy that value from the Secrets tool; it already asks for TLS (sslmode=require). If your published app uses a separate production database, enter that database's URL, not the development one.",
    commonPitfalls: [
      "The workspace preview address (….replit.dev) is not the live URL: it changes and stops with the workspace. Publish first and use the ….replit.app address.",
      "A secret changed in the workspace reaches the live app only when you republish; check the deployment's own secrets in the Publishing pane.",
      "Static deployments run no server and read no secrets: choose Autoscale or Reserved VM.",
      "An Autoscale deployment sleeps when idle and its first answer can take several seconds: open the URL once, then verify.",
      `Secrets are present during the build too. ${BUILD_WITH_DEV_DEPENDENCIES}`,
    ],
    how: {
      provider: [
        "Create a Replit App from this app's code (import the repository from GitHub).",
        "In the Publishing (Deployments) pane choose Autoscale or Reserved VM; a Static deployment cannot run this app.",
        BUILD_WITH_DEV_DEPENDENCIES,
      ],
      url: [
        "Publish once, then copy the address the Publishing pane shows: https://<app-name>.replit.app.",
        "Do not use the ….replit.dev preview address: it changes and sleeps with the workspace.",
        "A custom domain linked in the Publishing pane works too, once Replit shows it as verified.",
      ],
      database: [
        "Open All tools → Database and create a PostgreSQL database; Replit adds DATABASE_URL to your Secrets.",
        "Copy DATABASE_URL from the Secrets tool and paste it here.",
        "Any PostgreSQL with a public address works too (Neon, Supabase, …): use its direct connection string, not a transaction pooler.",
      ],
      secrets: [
        "Generate the secrets here, then add each one in All tools → Secrets → App Secrets → New Secret, with the name exactly as shown.",
        "Or open Edit as .env and add the lines from the env bundle below the existing ones; do not delete lines you did not add.",
        "Republish: the live app keeps its old values until you do.",
      ],
      keys: ["Add each module key as an App Secret with the name shown here, then republish."],
      preflight: [...PREFLIGHT_COMMON, "Replit's own PostgreSQL has a public address, so pre-flight can reach it."],
      verify: [
        "Republish so the live app runs with the values of the env bundle, and wait until the Publishing pane shows it running.",
        "Open https://<app-name>.replit.app/health once to wake an Autoscale deployment, then verify.",
        "A 401 from /api/dashboard/stats means the deployment's JWT_SECRET is not the one generated here: update the secret and republish.",
      ],
      live: LIVE_COMMON,
    },
    bundle: {
      format: "name-value",
      title: "Replit Secrets",
      instructions:
        "In your Replit App open All tools → Secrets → App Secrets. For each name below choose New Secret, enter the name as Key and the line under it as Value, then Add Secret. Republish so the live app gets them.",
    },
  },

  RENDER: {
    id: "RENDER",
    name: "Render",
    tagline: "Managed web services and PostgreSQL; values go in the service's Environment page.",
    envVarsWhere: "Dashboard → your web service → Environment → Add from .env (paste, add the variables, then save; Render redeploys with the new values).",
    urlShape: "https://<service-name>.onrender.com",
    urlExample: "https://go-live-shop.onrender.com",
    urlHostPattern: /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.onrender\.com$/,
    postgresOffer:
      "Render Postgres (New → Postgres). Its Info page shows an Internal Database URL (host like dpg-…-a, reachable only from Render services in the same region) and an External Database URL (host like dpg-…-a.<region>-postgres.render.com). Enter the External Database URL: pre-flight connects from outside Render.",
    commonPitfalls: [
      "Entering the Internal Database URL: its host (dpg-…-a, no domain) resolves only inside Render, so pre-flight reports that the name is not found. Use the External Database URL.",
      "Free web services spin down after 15 minutes without traffic and take up to a minute to wake: open the URL first, then verify.",
      "Free Render Postgres databases expire 30 days after creation; use a paid instance for a live app.",
      `Environment variables are also present at build time. ${BUILD_WITH_DEV_DEPENDENCIES} Or choose the Docker runtime, which uses the Dockerfile.`,
      "Render sets PORT (10000 by default) and the app listens on it: do not set PORT yourself.",
    ],
    how: {
      provider: [
        "Create a Web Service from this app's repository: New → Web Service.",
        `Node runtime: ${BUILD_WITH_DEV_DEPENDENCIES} Docker runtime: Render builds the Dockerfile at the repository root.`,
        "Settings → Health Checks → Health Check Path: /health.",
      ],
      url: [
        "Copy the address shown under the service name: https://<service-name>.onrender.com.",
        "A custom domain (Settings → Custom Domains) works too, once Render shows its certificate as issued.",
      ],
      database: [
        "Create a database with New → Postgres, in the same region as the web service.",
        "On the database's Info page, under Connections, copy the External Database URL (not the Internal one) and paste it here.",
      ],
      secrets: [
        "Generate the secrets here, then open your web service → Environment → Add from .env and paste the env bundle.",
        "Lines starting with # stand for values already set on Render: they are comments and change nothing.",
        "Save the changes so Render redeploys with the new values.",
      ],
      keys: ["Add each module key in your web service → Environment, with the name shown here, and save."],
      preflight: [...PREFLIGHT_COMMON, "Render's External Database URL is public; the Internal one is not."],
      verify: [
        "Wait until the latest deploy shows Live in the service's Events, then verify.",
        "On a free instance open the URL first: a sleeping service can take up to a minute to answer.",
        "A 401 from /api/dashboard/stats means the service's JWT_SECRET is not the one generated here: paste the bundle again and save.",
      ],
      live: LIVE_COMMON,
    },
    bundle: {
      format: "dotenv-bulk",
      title: "Variables to paste into Render",
      instructions:
        "Open your web service → Environment → Add from .env, paste this block, add the variables and save. Render redeploys the service with the new values.",
    },
  },

  RAILWAY: {
    id: "RAILWAY",
    name: "Railway",
    tagline: "Deploy from GitHub next to a one-click PostgreSQL service; values go in the Variables tab.",
    envVarsWhere: "Your service → Variables tab → RAW Editor (add the .env lines, Update Variables, then deploy the staged changes).",
    urlShape: "https://<service-name>.up.railway.app",
    urlExample: "https://go-live-shop-production.up.railway.app",
    urlHostPattern: /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.up\.railway\.app$/,
    postgresOffer:
      "Add PostgreSQL to the project (+ New → Database → PostgreSQL). The Postgres service's Variables tab holds DATABASE_URL (host postgres.railway.internal: the private network, reachable only inside the project) and DATABASE_PUBLIC_URL (a TCP proxy such as <name>.proxy.rlwy.net:<port>). Enter DATABASE_PUBLIC_URL here: pre-flight connects from outside Railway.",
    commonPitfalls: [
      "Pasting a reference such as ${{Postgres.DATABASE_URL}} in step C: only Railway can resolve it. Copy the resolved value of DATABASE_PUBLIC_URL (the eye icon shows it).",
      "The private DATABASE_URL (postgres.railway.internal) cannot be reached from outside Railway. On the service you may still set DATABASE_URL=${{Postgres.DATABASE_URL}} to use the private network: it is the same database the wizard checked.",
      "The RAW Editor shows every variable of the service: add the bundle's lines, do not replace the whole text, or the values the bundle marks as already set are deleted.",
      "A service has no public address until you create one: Settings → Networking → Generate Domain.",
      "Variable changes are staged: deploy them, or the running app keeps the old values.",
    ],
    how: {
      provider: [
        "Create a project from this app's GitHub repository (+ New → GitHub Repo).",
        "Railway builds the Dockerfile at the repository root; the app listens on PORT (Railway sets it) or 3000.",
        "Settings → Deploy → Healthcheck Path: /health.",
      ],
      url: [
        "Settings → Networking → Generate Domain, then copy it: https://<service-name>.up.railway.app.",
        "If the domain answers 502, set its target port to the port the app listens on (PORT, or 3000).",
        "A custom domain works too, once Railway shows it as set up.",
      ],
      database: [
        "Add PostgreSQL to the project: + New → Database → PostgreSQL.",
        "Open the Postgres service → Variables, reveal DATABASE_PUBLIC_URL and paste its value here (not a ${{…}} reference).",
      ],
      secrets: [
        "Generate the secrets here, then open your app service → Variables → RAW Editor and add the env bundle's lines to what is already there.",
        "Lines starting with # stand for values already set: leave the existing variables of those names in place.",
        "Update Variables, then deploy the staged changes.",
      ],
      keys: ["Add each module key in your app service → Variables with the name shown here, then deploy the staged changes."],
      preflight: [...PREFLIGHT_COMMON, "Railway's DATABASE_PUBLIC_URL is public; DATABASE_URL (….railway.internal) is not."],
      verify: [
        "Wait until the latest deployment is Active, then verify.",
        "A 401 from /api/dashboard/stats means the service's JWT_SECRET is not the one generated here: fix the variable and deploy again.",
      ],
      live: LIVE_COMMON,
    },
    bundle: {
      format: "dotenv-bulk",
      title: ".env lines for Railway's RAW Editor",
      instructions:
        "Open your app service → Variables → RAW Editor and add these lines to what it already shows (do not replace existing variables). Update Variables, then deploy the staged changes.",
    },
  },

  FLY: {
    id: "FLY",
    name: "Fly.io",
    tagline: "Run the Docker image on Fly Machines; values are set as secrets with flyctl.",
    envVarsWhere: "fly secrets import (reads NAME=VALUE lines on stdin) or fly secrets set NAME=value; fly secrets list shows names and digests, never values.",
    urlShape: "https://<app-name>.fly.dev",
    urlExample: "https://go-live-shop.fly.dev",
    urlHostPattern: /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.fly\.dev$/,
    postgresOffer:
      "Fly Managed Postgres (fly mpg create, then fly mpg attach) and the older unmanaged Fly Postgres (fly postgres create, fly postgres attach) set a DATABASE_URL secret on your app. Both use private addresses (….flympg.net, ….flycast, ….internal) that only your Fly apps reach, so pre-flight cannot connect to them. For the wizard use a PostgreSQL with a public address: a Fly Postgres app given a public IP and external service, or a hosted one (Neon, Supabase, Crunchy Bridge, …).",
    commonPitfalls: [
      "Attaching Fly Postgres sets DATABASE_URL to a private address (….flycast, ….internal or ….flympg.net): pre-flight refuses private addresses and cannot reach them.",
      "Managed Postgres' pooled URL (pgbouncer.…) runs PgBouncer in transaction mode; the app takes a session lock while it applies migrations at start. Use the direct URL (direct.…).",
      "fly.toml must send traffic to the app's port: [http_service] internal_port = 3000 (the Dockerfile's PORT). A mismatch answers 502.",
      "fly secrets set and fly secrets import restart the app's Machines to apply the values; --stage applies them with the next fly deploy instead.",
      "Machines stopped by auto_stop_machines start on the first request: open the URL once before you verify.",
    ],
    how: {
      provider: [
        "Install flyctl, sign in (fly auth login) and run fly launch --no-deploy in this app's directory: it uses the Dockerfile and writes fly.toml.",
        "In fly.toml keep [http_service] internal_port = 3000 and force_https = true; add an http check on path /health.",
      ],
      url: [
        "Your app's address is https://<app-name>.fly.dev (fly status shows the app name).",
        "A custom domain works too, after fly certs add <domain> shows the certificate as issued.",
      ],
      database: [
        "Fly's own Postgres addresses are private, so pre-flight cannot reach them: give the wizard a PostgreSQL with a public address.",
        "Either expose a Fly Postgres app (fly ips allocate-v4 on the database app and an external service on port 5432), or use a hosted PostgreSQL and paste its direct connection string.",
      ],
      secrets: [
        "Generate the secrets here and save the env bundle as .env.fly next to fly.toml.",
        "Run fly secrets import < .env.fly, then delete the file: it holds secrets.",
        "fly secrets list shows each name with a digest, never the value.",
      ],
      keys: ["Set each module key with fly secrets set NAME=value (or add it to .env.fly before importing)."],
      preflight: PREFLIGHT_COMMON,
      verify: [
        "Run fly deploy (or let fly secrets import restart the Machines) and wait until fly status shows them started.",
        "A 401 from /api/dashboard/stats means the app's JWT_SECRET is not the one generated here: import the bundle again.",
      ],
      live: LIVE_COMMON,
    },
    bundle: {
      format: "fly-secrets",
      title: "Input for fly secrets import",
      instructions:
        "Save this text as .env.fly in the directory that holds fly.toml and run the command below, then delete the file. Fly restarts the app's Machines with the new secrets (add --stage to apply them with the next deploy instead).",
    },
  },

  DOCKER: {
    id: "DOCKER",
    name: "Docker",
    tagline: "Any server or platform that runs containers; you bring the database and the HTTPS proxy.",
    envVarsWhere: "An env file passed with docker run --env-file .env (one NAME=value per line; or -e NAME=value for a single value).",
    urlShape: "https://<your-domain>",
    urlExample: "https://app.example.com",
    urlHostPattern: null,
    postgresOffer:
      "None: bring your own PostgreSQL (a managed one, or a server you run). It needs a public address for pre-flight to reach it; add sslmode=require when the server supports TLS.",
    commonPitfalls: [
      "localhost, host.docker.internal or a Compose service name (db) in DATABASE_URL only resolve inside your machine or Docker's network: pre-flight connects from the Go-Live platform and refuses private and loopback addresses.",
      "docker run --env-file does not parse quotes like a shell or Compose: write values raw, one per line, as the bundle does. Values cannot span lines.",
      "The live URL must be https: run a reverse proxy with a certificate (Caddy, Traefik, nginx with Let's Encrypt) in front of port 3000, and set TRUST_PROXY=1.",
      "Verification follows no redirects: the live URL must be the final address (no http → https or www redirect on the way).",
      "The env file holds secrets: keep it out of git and out of the image (the .dockerignore excludes .env files).",
    ],
    how: {
      provider: [
        "Build the image from this app's repository: docker build -t go-live .",
        "The image runs as the non-root node user, listens on port 3000 and checks itself on /health.",
      ],
      url: [
        "Point a DNS name at your server and serve it over https with a reverse proxy that forwards to port 3000.",
        "Enter that https address, without a path.",
      ],
      database: [
        "Use a PostgreSQL with a public address (managed, or your own server with TLS) and paste its connection string.",
        "Use a direct connection, not a transaction-mode pooler: the app takes a session lock while it applies migrations at start.",
      ],
      secrets: [
        "Generate the secrets here and save the env bundle as .env next to where you run docker.",
        "Start the container: docker run -d --name go-live --restart unless-stopped --env-file .env -p 3000:3000 go-live.",
        "Keep .env out of git; chmod 600 .env.",
      ],
      keys: ["Add each module key to .env as NAME=value (raw, no quotes) and recreate the container: docker rm -f go-live, then docker run again."],
      preflight: PREFLIGHT_COMMON,
      verify: [
        'Check the container first: docker ps shows it healthy, and curl -fsS https://<your-domain>/health answers {"status":"pass"}.',
        "A 401 from /api/dashboard/stats means the container's JWT_SECRET is not the one generated here: fix .env and recreate the container.",
      ],
      live: LIVE_COMMON,
    },
    bundle: {
      format: "docker-env-file",
      title: ".env file for docker run --env-file",
      instructions:
        "Save this text as .env and start the container with the command below. Docker reads each line as NAME=value exactly: quotes stay part of the value and a value cannot span lines, so values are written raw. Keep the file out of git.",
    },
  },
};

export function providerGuide(id: ProviderId): ProviderGuide {
  return PROVIDER_GUIDES[id];
}

export function isProviderId(value: unknown): value is ProviderId {
  return typeof value === "string" && (PROVIDERS as readonly string[]).includes(value);
}
