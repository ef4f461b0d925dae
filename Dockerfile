# syntax=docker/dockerfile:1
# Career Advisor: multi-stage build, production dependencies only, non-root, knowledge baked in.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/build.mjs scripts/build.mjs
COPY src src
# npm ci runs the prepare script, which bundles src/ into dist/.
RUN npm ci --no-audit --no-fund && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    LOG_FORMAT=json \
    KNOWLEDGE_DIR=/app/knowledge \
    DATA_DIR=/app/data
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules node_modules
COPY --from=build --chown=node:node /app/dist dist
COPY --chown=node:node package.json ./
COPY --chown=node:node bin bin
COPY --chown=node:node src src
COPY --chown=node:node knowledge knowledge
# Validate the baked-in knowledge at build time: a broken profile fails the image, not the deploy.
RUN node bin/career-advisor.js knowledge:check
# The embedded database (the default store) writes here: owned by the unprivileged user, a volume to keep it.
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME /app/data
USER node
# PORT serves /slack/events (Slack HTTP mode), /healthz and /readyz. Set it to enable the health check.
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "const p=process.env.PORT;if(!p)process.exit(0);fetch('http://127.0.0.1:'+p+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Exec form: node is PID 1 and gets SIGTERM directly; main.ts handles it (stops the adapters, then exits).
STOPSIGNAL SIGTERM
CMD ["node", "bin/career-advisor.js", "start"]
