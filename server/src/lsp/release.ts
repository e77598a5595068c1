/**
 * The systemd release whose rules apply: the setting, else what the target
 * host said (tmpfiles.remote.host), else the systemd-tmpfiles on PATH, else
 * the newest release known.
 */
import { NEWEST_VERSION, OLDEST_VERSION } from "../core/versions.js";
import type { ServerStatusResult } from "../protocol.js";
import type { Settings } from "./settings.js";
import { detectSystemdVersion, type Detected } from "./systemdVersion.js";
import type { TargetFacts } from "./targetFacts.js";

export interface Release {
  version: number;
  source: ServerStatusResult["source"];
  detected?: Detected;
}

const clampRelease = (r: number): number => Math.min(NEWEST_VERSION, Math.max(OLDEST_VERSION, r));

const fallback = (detected: Detected): Release => ({ version: NEWEST_VERSION, source: "auto-fallback", detected });

/** The log line for what the local systemd-tmpfiles said. */
export function detectionMessage(d: Detected): string {
  return d.release !== undefined
    ? `systemd-tmpfiles on PATH is systemd ${d.release}.`
    : `tmpfiles.systemdVersion is "auto" and ${d.problem ?? "no release was found"}; systemd ${NEWEST_VERSION} rules apply.`;
}

export class Releases {
  /** The systemd-tmpfiles on PATH, asked once. */
  private detection: Promise<Detected> | undefined;

  constructor(
    private readonly facts: TargetFacts,
    /** Called once the local systemd-tmpfiles has answered. */
    private readonly detected: (d: Detected) => void,
  ) {}

  /**
   * Asks the local systemd-tmpfiles for its release now, once: called when
   * the server starts, so that the answer is there by the time the first
   * file is checked instead of being waited for then.
   */
  local(): Promise<Detected> {
    if (!this.detection) {
      this.detection = detectSystemdVersion();
      void this.detection.then(this.detected);
    }
    return this.detection;
  }

  async of(settings: Settings, trusted: boolean): Promise<Release> {
    if (settings.systemdVersion !== "auto") return { version: settings.systemdVersion, source: "setting" };
    const host = this.facts.targetHost(settings);
    if (host !== undefined) {
      // The dry-runs run there: its release is the one that counts, not this machine's.
      if (!trusted) return fallback({ host, problem: `the workspace is not trusted, so ${host} was not asked` });
      const said = this.facts.of(host)?.release;
      if (!said) return fallback({ host, problem: `${host} has not answered systemd-tmpfiles --version yet` });
      const detected: Detected = { host, ...said };
      if (said.release === undefined) return fallback(detected);
      return { version: clampRelease(said.release), source: "auto-detected", detected };
    }
    const d = await this.local();
    if (d.release === undefined) return fallback(d);
    return { version: clampRelease(d.release), source: "auto-detected", detected: d };
  }
}
