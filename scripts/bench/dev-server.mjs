// Child process of the bench: wrangler's dev server (unstable_startWorker, what `wrangler dev` runs) with the file
// watcher off and the pages served from a snapshot (`assets`, a copy of public/): wrangler restarts the runtime when
// either changes, and others edit and build this tree meanwhile. Usage: node scripts/bench/dev-server.mjs
// '{"config","port","persist","vars","assets"?}'; prints "ready <origin>", then serves until SIGTERM.
import { unstable_startWorker } from "wrangler";

const { config, port, persist, vars, assets } = JSON.parse(process.argv[2]);
const worker = await unstable_startWorker({
  config,
  ...(assets ? { assets } : {}),
  bindings: Object.fromEntries(Object.entries(vars).map(([name, value]) => [name, { type: "plain_text", value }])),
  dev: {
    server: { hostname: "127.0.0.1", port },
    inspector: false,
    persist,
    watch: false,
    liveReload: false,
    logLevel: "warn",
  },
});
console.log(`ready ${(await worker.url).origin}`);
// Asked to stop: dispose, which also removes wrangler's build directories under .wrangler/tmp.
process.once("SIGTERM", () => worker.dispose().finally(() => process.exit(0)));
