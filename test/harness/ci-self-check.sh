#!/usr/bin/env bash
# CI self-check through the built CLI: serve the mock on a free port, run the full contract plan against
# it for every API (writes allowed, documented rate limits simulated), verify the recording: zero
# violations. Credentials are the committed fixture principals', passed as a CI job would pass them.
set -euo pipefail
cd "$(dirname "$0")/../.."
CLI="node dist/cli/main.js"
WORK="$(mktemp -d)"
PORT="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
$CLI serve --port "$PORT" --rate-limits >"$WORK/serve.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do
  if node -e "fetch('http://127.0.0.1:$PORT/__mock/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"; then break; fi
  sleep 0.1
done

# The environment a CI job would set from its secrets; here, the fixtures' principals.
eval "$(node -e '
const f = (api) => require("./fixtures/" + api + ".json");
const out = {};
const d = f("deepset"); const dp = d.principals.find((p) => !p.workspaces) || d.principals[0];
out.CONTRACT_MOCK_DEEPSET_TOKEN = dp.token; out.CONTRACT_MOCK_DEEPSET_WORKSPACE_ID = (dp.workspaces || d.workspaces.map((w) => w.id))[0];
out.CONTRACT_MOCK_OPENWEBUI_TOKEN = f("openwebui").principals[0].token;
const s = f("scriptix"); out.CONTRACT_MOCK_SCRIPTIX_TOKEN = (s.principals.find((p) => !p.scopes || p.scopes.includes("custom_models:read")) || s.principals[0]).token;
const a = f("dataarts-fabric"); const ap = a.principals.find((p) => !p.workspaces && p.accessKey) || a.principals[0];
out.CONTRACT_MOCK_DATAARTS_FABRIC_AK = ap.accessKey; out.CONTRACT_MOCK_DATAARTS_FABRIC_SK = ap.secretKey;
out.CONTRACT_MOCK_DATAARTS_FABRIC_WORKSPACE_ID = (ap.workspaces || a.workspaces.map((w) => w.id))[0];
for (const [k, v] of Object.entries(out)) console.log(`export ${k}=${JSON.stringify(v)}`);
')"

URL="http://127.0.0.1:$PORT"
$CLI run --quiet --allow-writes --max-pages 20 \
  --target deepset="$URL" --target openwebui="$URL" --target scriptix="$URL" --target dataarts-fabric="$URL" \
  --out "$WORK/self-check.har"
$CLI verify "$WORK/self-check.har" --reporter junit --output "$WORK/self-check.junit.xml"
$CLI verify "$WORK/self-check.har" | tail -n 1
