# Paperboy, compiled: the image runs `node dist/bin/paperboy.js`, no TypeScript at start.
#   docker build -t paperboy .
#   docker run --env-file paperboy.env -p 9464:9464 paperboy
# CI has no Docker engine: test/deploy/dockerfile.test.ts replays this file's COPY, RUN,
# ENV, HEALTHCHECK and CMD lines on the host and checks /readyz, so keep to the
# instructions it knows (it fails on any other) and to RUN lines it can replay.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY commands ./commands
COPY adapters ./adapters
COPY bin ./bin
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# Runtime dependencies only: no TypeScript, tsx, vitest or eslint in the image.
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/dist ./dist
COPY samples ./samples
# The JSON store's home when no PAPERBOY_DATABASE_URL is given (mount a volume here).
RUN mkdir -p /data && chown node:node /data
USER node
ENV PAPERBOY_DATA_FILE=/data/paperboy.json
ENV PAPERBOY_HTTP_PORT=9464
VOLUME /data
# 3000: Slack's HTTP receiver (PORT); 9464: /healthz, /readyz, /metrics (PAPERBOY_HTTP_PORT)
EXPOSE 3000 9464
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PAPERBOY_HTTP_PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/bin/paperboy.js"]
