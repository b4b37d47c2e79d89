# syntax=docker/dockerfile:1
# AI SSA Studio as a container: a multi-stage build on Next.js's standalone output (docs/deploy.md).
#   docker build -t ai-ssa-studio .
#   docker run --env-file .env -p 3000:3000 ai-ssa-studio
# The runtime image holds server.js, the node_modules it traces, the SQL migrations (applied by the
# app at first use) and the static files; it runs as the unprivileged `node` user and stops
# gracefully on SIGTERM. The `tools` stage (`--target tools`) runs one-off commands:
# npm run db:migrate, npm run db:seed, npm run reconcile.
# Node 22 LTS: Node 20 reached its end of life on 2026-04-30 (the app still supports >= 20.19).
ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS base
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1

# Dependencies from the lockfile alone, so this layer is reused until package-lock.json changes.
FROM base AS deps
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# The production build (`next build` writes .next/standalone); also the image for one-off tools.
FROM base AS tools
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npm run build
USER node
CMD ["npm", "run", "db:migrate"]

FROM ${NODE_IMAGE} AS runner
WORKDIR /app
# NEXT_MANUAL_SIG_HANDLE: the app, not Next.js, handles SIGTERM: health answers 503, streams in
# flight finish (SHUTDOWN_GRACE_SECONDS), then the process exits 0. HOSTNAME: listen on every
# interface of the container (Docker sets HOSTNAME to the container id otherwise).
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    NEXT_MANUAL_SIG_HANDLE=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0
COPY --from=tools --chown=node:node /app/.next/standalone ./
COPY --from=tools --chown=node:node /app/.next/static ./.next/static
COPY --from=tools --chown=node:node /app/public ./public
USER node
EXPOSE 3000
# The image has no curl: Node's own fetch asks /api/health (200 when the database answers within
# 1.5 s; 503 while it does not or while the server is stopping).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "server.js"]
