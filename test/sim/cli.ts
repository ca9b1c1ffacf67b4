// `npm run sim`: starts the simulator, prints `export NAME='value'` lines for a shell to eval, and runs
// until SIGINT/SIGTERM, then stops cleanly.
//   node --import tsx test/sim/cli.ts --repository org/repo > sim.env 2> sim.log &   (README.md: then `. ./sim.env`)
import { DEFAULT_CHILD_BOT_VERBS, DEFAULT_VERSION, type SimulatorOptions, startSimulator } from "./index.js";

const USAGE = `usage: tsx test/sim/cli.ts [options]
  --repository OWNER/NAME   GitHub repository allowed to join the parent and assume the AWS role
  --delay MS                simulated ms from create to active (default 1000)
  --version X.Y.Z           Teleport version the clusters report (default ${DEFAULT_VERSION})
  --child-bot-verbs LIST    verbs of the child bot role on roles and users (default ${DEFAULT_CHILD_BOT_VERBS.join(",")})
  --key-algorithm ecdsa|rsa cluster key algorithm (default ecdsa)
  --page-size N             forced page size of ListWorkloadClusters
  --rtt MS                  round-trip time to every proxy (default 0; control op distance)
  --tool-startup MS         extra start-up of every tctl and tbot process (default 0)
  --help`;

/** POSIX shell single-quoting. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function parseArgs(argv: string[]): SimulatorOptions | "help" {
  const options: SimulatorOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--help" || arg === "-h") return "help";
    const eq = arg.indexOf("=");
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    const value = () => {
      if (eq >= 0) return arg.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined) throw new Error(`${name} needs a value`);
      return next;
    };
    const number = (text: string) => {
      const n = Number(text);
      if (!Number.isInteger(n) || n < 0)
        throw new Error(`${name} must be a non-negative integer, got "${text}"`);
      return n;
    };
    switch (name) {
      case "--repository":
        options.repository = value();
        break;
      case "--delay":
        options.delayMs = number(value());
        break;
      case "--version":
        options.version = value().replace(/^v/, "");
        break;
      case "--child-bot-verbs":
        options.childBotVerbs = value()
          .split(",")
          .map((v) => v.trim())
          .filter(Boolean);
        break;
      case "--key-algorithm": {
        const alg = value();
        if (alg !== "ecdsa" && alg !== "rsa")
          throw new Error(`--key-algorithm must be ecdsa or rsa, got "${alg}"`);
        options.keyAlgorithm = alg;
        break;
      }
      case "--page-size":
        options.pageSize = number(value());
        break;
      case "--rtt":
        options.distance = { ...options.distance, rttMs: number(value()) };
        break;
      case "--tool-startup": {
        const ms = number(value());
        options.distance = { ...options.distance, tctlStartupMs: ms, tbotStartupMs: ms };
        break;
      }
      default:
        throw new Error(`unknown option ${arg}`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  let options: SimulatorOptions | "help";
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (options === "help") {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const sim = await startSimulator(options);
  for (const [name, value] of Object.entries(sim.env))
    process.stdout.write(`export ${name}=${shellQuote(value)}\n`);
  process.stderr.write(
    `teleport simulator ready in ${sim.startupMs} ms; control API ${sim.controlUrl}; stop with Ctrl-C\n`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`teleport simulator: ${signal}, stopping\n`);
    // Bounded: a stuck close must not keep the process alive.
    const timer = setTimeout(() => {
      process.stderr.write("teleport simulator: stop timed out\n");
      process.exit(1);
    }, 10_000);
    timer.unref();
    sim.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`teleport simulator: stop failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

const invokedDirectly = process.argv[1] && /cli\.(ts|js|mjs)$/.test(process.argv[1]);
if (invokedDirectly) {
  main().catch((err: unknown) => {
    process.stderr.write(
      `teleport simulator failed to start: ${err instanceof Error ? err.stack : String(err)}\n`,
    );
    process.exit(1);
  });
}
