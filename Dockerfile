# syntax=docker/dockerfile:1
# Go-Live: one image for the platform and for a tenant's own instance (DEPLOY.md, "The Docker image").
#   docker build -t go-live .
#   docker run --env-file .env -p 3000:3000 go-live
# Node 24 LTS, as in .nvmrc and CI.
ARG NODE_VERSION=24

FROM node:${NODE_VERSION}-bookworm-slim AS base
WORKDIR /app

# Build: all dependencies (the build tools are devDependencies), then `npm run build`, which
# generates the Prisma client into app/generated and bundles it into build/server.
FROM base AS build
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# Run-time dependencies only. Install scripts are skipped: the production ones belong to Prisma
# (generate a client, download engines) and are not needed, because build/server already
# carries the generated client and the app applies migrations itself.
FROM base AS deps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# What the server reads at run time, relative to /app: server.js and package.json ("type":
# "module"), build/ (server bundle and static assets), prisma/migrations (applied at start
# under an advisory lock) and node_modules. Owned by root, so the app cannot change its own code.
FROM base AS runtime
# No demo seed (a published password) in an image meant for deployments: to try the demo in a
# container on your own machine, pass -e SEED_DEMO=true.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    SEED_DEMO=false
COPY --from=deps /app/node_modules ./node_modules
COPY package.json server.js ./
COPY prisma/migrations ./prisma/migrations
COPY --from=build /app/build ./build
# The embedded database (used only when DATABASE_URL is unset) and its secrets live in ./data:
# the one directory the app writes. Mount a volume here to keep them.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# No curl in the slim image: Node's own fetch asks /health, on whatever PORT is set.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "server.js"]
