// `npm run bench [install|provision|sync|fleet|headline]`: every benchmark (or those named), each printing ratios measured side
// by side in one run.
import { fleetBenchmark } from "./fleet.js";
import { headlineBenchmark } from "./headline.js";
import { installBenchmark } from "./install.js";
import { provisionBenchmark } from "./provision.js";
import { syncBenchmark } from "./sync.js";

const all = {
  install: installBenchmark,
  provision: provisionBenchmark,
  sync: syncBenchmark,
  fleet: fleetBenchmark,
  headline: headlineBenchmark,
};
const chosen = process.argv.slice(2).filter((a) => a in all) as (keyof typeof all)[];
for (const name of chosen.length ? chosen : (Object.keys(all) as (keyof typeof all)[])) await all[name]();
