# syntax=docker/dockerfile:1
# Career Advisor: the esbuild bundle, production dependencies and the knowledge, on a current LTS Node. No src/, no
# tsx, no esbuild in the image; every file belongs to root and is only readable by the unprivileged runtime user.

FROM node:22-bookworm-slim AS build
WORKDIR /app
# Dependencies first: this layer is rebuilt only when the lock file changes, not on every source edit. Scripts are
# skipped here (prepare would build before src/ is copied); the build runs below.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY scripts/build.mjs scripts/build.mjs
COPY src src
RUN node scripts/build.mjs && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:22-bookworm-slim
ENV NODE_ENV=production \
    LOG_FORMAT=json \
    PORT=3000 \
    DATA_DIR=/app/data \
    KNOWLEDGE_CACHE_DIR=/app/data/knowledge-cache
WORKDIR /app
# Owned by root (COPY's default), so the runtime user can read but not change the code or the knowledge.
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY package.json ./
COPY bin bin
COPY knowledge knowledge
# Validate the baked-in knowledge at build time: a broken profile fails the image, not the deploy.
RUN node bin/career-advisor.js knowledge:check
# The embedded database (the default store) and the parsed-knowledge cache live here: owned by the unprivileged
# user, a volume to keep them.
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME /app/data
USER node
# PORT serves /healthz and /readyz (and /slack/events in Slack HTTP mode).
EXPOSE 3000
# Liveness: /healthz answers while the process serves. Readiness (/readyz) is for the orchestrator to probe.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form: node is PID 1 and receives SIGTERM from `docker stop` itself; main.ts shuts down cleanly on it. Without
# a token and without -it, start says which variables to set and exits 1 instead of opening a console chat.
STOPSIGNAL SIGTERM
CMD ["node", "bin/career-advisor.js", "start"]
