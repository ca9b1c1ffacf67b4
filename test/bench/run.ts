// `npm run bench [install|provision|sync|fleet]`: every benchmark (or those named), each printing ratios measured side
// by side in one run.
import { fleetBenchmark } from "./fleet.js";
import { installBenchmark } from "./install.js";
import { provisionBenchmark } from "./provision.js";
import { syncBenchmark } from "./sync.js";

const all = {
  install: installBenchmark,
  provision: provisionBenchmark,
  sync: syncBenchmark,
  fleet: fleetBenchmark,
};
const chosen = process.argv.slice(2).filter((a) => a in all) as (keyof typeof all)[];
for (const name of chosen.length ? chosen : (Object.keys(all) as (keyof typeof all)[])) await all[name]();
