// `npm run bench`: every benchmark, each printing ratios measured side by side in one run.
import { installBenchmark } from "./install.js";

await installBenchmark();
