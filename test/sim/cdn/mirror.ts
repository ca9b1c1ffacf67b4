// The simulator's CDN: tarballs of the simulated Teleport version with the tctl and tbot stand-ins, in the
// real layout, served with the web CA's certificate; CDN faults are switchable through the control API.

import type { MirrorContext, MirrorHandle } from "../index.js";
import { buildToolBinaries } from "../tools/build.js";
import { buildTarball, type Mirror, type MirrorFaults, startMirror, type TarballSpec } from "./cdn.js";

export interface SimMirrorOptions {
  /** Extra versions to publish besides the simulator's own. */
  versions?: string[];
  /** Size of the large filler binaries (default small, for fast tests). */
  fillerBytes?: number;
}

export function hostArch(): TarballSpec["arch"] {
  return process.arch === "arm64" ? "arm64" : "amd64";
}

export function simulatorMirror(options: SimMirrorOptions = {}) {
  return async (ctx: MirrorContext): Promise<MirrorHandle & { mirror: Mirror }> => {
    const mirror = await startMirror({ ca: ctx.webCa });
    const versions = [...new Set([ctx.version, ...(options.versions ?? [])])];
    for (const version of versions) {
      for (const spec of [
        { version, edition: "ent", arch: hostArch() },
        { version, edition: "oss", arch: hostArch() },
        { version, edition: "ent", arch: hostArch(), fips: true },
      ] as TarballSpec[]) {
        const tools = await buildToolBinaries({
          version,
          edition: spec.edition,
          fips: spec.fips ?? false,
          settingsFile: ctx.toolSettingsFile,
        });
        mirror.add(await buildTarball(spec, { tools, fillerBytes: options.fillerBytes ?? 64 * 1024 }));
      }
    }
    // assumption: the control op name; body {faults: MirrorFaults} replaces the fault switches.
    ctx.control.register("cdn/faults", async (args) => {
      const next = ((args as { faults?: MirrorFaults }).faults ?? {}) as MirrorFaults;
      for (const key of Object.keys(mirror.faults) as (keyof MirrorFaults)[]) delete mirror.faults[key];
      Object.assign(mirror.faults, next);
      return { faults: mirror.faults };
    });
    ctx.control.register("cdn/requests", async () => ({ requests: mirror.requests }));
    return { url: mirror.url, stop: () => mirror.stop(), mirror };
  };
}
