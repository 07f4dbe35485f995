# contract-mock as a container: `docker run -p 4010:4010 IMAGE` serves the mock,
# `docker run -v "$PWD/recordings:/recordings" IMAGE verify /recordings/x.har` verifies recordings.
# Build with `docker build -t contract-mock .` or `podman build --format docker -t contract-mock .`
# (podman's default OCI image format has no HEALTHCHECK; the docker format keeps it).

# ---- build: compile the TypeScript with the exact dependency tree of the lockfile ----
FROM node:20-bookworm-slim AS build
WORKDIR /app
# Manifests first, so that the dependency layer is reused while only sources change.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# ---- runtime: production dependencies, compiled code and the committed data, nothing else ----
FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# --ignore-scripts: no lifecycle script of the package itself (prestart would rebuild) or of a
# dependency runs; the cache is cleared in the same layer so that it never lands in the image.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY contracts ./contracts
COPY fixtures ./fixtures

# The files stay owned by root: the server only reads them, and a compromised process cannot rewrite
# the code or the contracts it is judged by.
USER node

# Inside a container the server must listen on every interface to be reachable through a published port.
ENV HOST=0.0.0.0 PORT=4010
EXPOSE 4010

# node itself is the probe: slim images have no curl. The probe always asks 127.0.0.1, which the
# server reaches whenever HOST is 0.0.0.0 (the default here) or 127.0.0.1.
HEALTHCHECK --interval=5s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4010)+'/__mock/health',{signal:AbortSignal.timeout(2500)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

# Exec form: node is PID 1 and receives SIGTERM itself. PID 1 gets no default signal dispositions from
# the kernel, so this relies on `serve` installing its own SIGTERM/SIGINT handlers (it does: graceful
# shutdown), which makes `docker stop` end the container at once instead of after the 10 s kill.
ENTRYPOINT ["node", "dist/cli/main.js"]
CMD ["serve"]
