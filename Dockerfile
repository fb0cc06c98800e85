# qianfa（签发）container image. Build: docker build -t qianfa .   Run: see deploy/compose.yaml and docs/operations.md.
# Node 20 on Debian bookworm: the image's redis-server (Debian's 7.0) is also what `qianfa restore` loads backups with.
ARG NODE_IMAGE=node:20-bookworm-slim

# Build stage: every dependency, then TypeScript compiled to dist/.
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would compile before the sources are here; the build step below does it.
RUN npm ci --ignore-scripts --no-fund --no-audit
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Production dependencies only, without the compilers and test tools.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-fund --no-audit && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
# tini: PID 1 that forwards SIGTERM to qianfa and reaps children. redis-server: the embedded Redis when REDIS_URL
# is unset, and the scratch server `qianfa restore` reads a backup with; redis-tools (redis-cli): `qianfa backup`.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini redis-server redis-tools fonts-noto-cjk \
  && rm -rf /var/lib/apt/lists/* \
  && groupadd --system --gid 10001 qianfa \
  && useradd --system --uid 10001 --gid qianfa --home-dir /var/lib/qianfa --shell /usr/sbin/nologin qianfa \
  && install -d -o qianfa -g qianfa -m 0700 /var/lib/qianfa
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY package.json ./
COPY wordlists ./wordlists
COPY workflows ./workflows
COPY assets ./assets
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    QIANFA_DATA_DIR=/var/lib/qianfa
USER qianfa:qianfa
EXPOSE 8080
# qianfa drains HTTP (10 s) and the queues (3 s) on SIGTERM; give it 30 s (docker stop -t 30, compose
# stop_grace_period) before SIGKILL.
STOPSIGNAL SIGTERM
# Liveness, not readiness: /healthz answers while the process serves; /readyz turns 503 while Redis is away,
# which qianfa rides out by itself (a balancer should use /readyz, a restart policy /healthz).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--", "node", "/app/dist/cli/main.js"]
CMD ["serve"]
