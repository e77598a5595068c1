/**
 * The client's view of the extension's settings (contributes.configuration
 * in package.json). The server validates them with its own schema; the client
 * only needs to show the target release, and shows a bad value as such.
 */

import type { ServerStatusResult } from "../../server/src/protocol";
import {
  NEWEST_VERSION as SYSTEMD_VERSION_MAX,
  OLDEST_VERSION as SYSTEMD_VERSION_MIN,
} from "../../server/src/core/versions";

export type SystemdVersionSetting =
  { kind: "auto" } | { kind: "release"; release: number } | { kind: "invalid"; raw: unknown };

export function parseSystemdVersion(raw: unknown): SystemdVersionSetting {
  if (raw === undefined || raw === null || raw === "auto") return { kind: "auto" };
  const n = typeof raw === "string" && /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw;
  if (typeof n === "number" && Number.isInteger(n) && n >= SYSTEMD_VERSION_MIN && n <= SYSTEMD_VERSION_MAX) {
    return { kind: "release", release: n };
  }
  return { kind: "invalid", raw };
}

export interface StatusText {
  text: string;
  tooltip: string;
}

/**
 * What the status bar says for a setting. `detected` is the release the
 * server found for `auto`, once it has said so.
 */
export function statusText(setting: SystemdVersionSetting, detected?: number): StatusText {
  switch (setting.kind) {
    case "release":
      return {
        text: `systemd ${setting.release}`,
        tooltip: `tmpfiles.d lines are checked as systemd ${setting.release} reads them (setting tmpfiles.systemdVersion). Click to change.`,
      };
    case "auto":
      return detected === undefined
        ? {
            text: "systemd auto",
            tooltip:
              "tmpfiles.d lines are checked as the systemd-tmpfiles found where the workspace lives reads them (tmpfiles.systemdVersion: auto). Click to change.",
          }
        : {
            text: `systemd ${detected} (auto)`,
            tooltip: `systemd-tmpfiles ${detected} was found where the workspace lives (tmpfiles.systemdVersion: auto). Click to change.`,
          };
    case "invalid":
      return {
        text: "$(warning) systemd ?",
        tooltip: `tmpfiles.systemdVersion is ${JSON.stringify(setting.raw)}: it must be "auto" or a release from ${SYSTEMD_VERSION_MIN} to ${SYSTEMD_VERSION_MAX}. Click to change.`,
      };
  }
}

/** The choices offered by the "Select Target systemd Release" command, newest first. */
export function versionChoices(): Array<number | "auto"> {
  const out: Array<number | "auto"> = ["auto"];
  for (let v = SYSTEMD_VERSION_MAX; v >= SYSTEMD_VERSION_MIN; v--) out.push(v);
  return out;
}

/** What the server said about the release in force (tmpfiles/serverStatus), reduced to what the status bar shows. */
export type ServerReleaseStatus = Pick<ServerStatusResult, "systemdVersion" | "source" | "detected"> &
  Partial<Pick<ServerStatusResult, "indexed">>;

/** The status bar text from the server's own answer, which is the authority once it has given one. */
export function statusFromServer(s: ServerReleaseStatus): StatusText {
  const indexed = s.indexed
    ? ` Indexed: ${s.indexed.tmpfiles} tmpfiles.d file(s), ${s.indexed.manifests} manifest(s)${s.indexed.nix ? `, ${s.indexed.nix} .nix file(s)` : ""}.`
    : "";
  switch (s.source) {
    case "setting":
      return {
        text: `systemd ${s.systemdVersion}`,
        tooltip: `tmpfiles.d lines are checked as systemd ${s.systemdVersion} reads them (setting tmpfiles.systemdVersion).${indexed} Click to change.`,
      };
    case "auto-detected":
      if (s.detected?.host !== undefined) {
        return {
          text: `systemd ${s.systemdVersion} (auto, ${s.detected.host})`,
          tooltip: `${s.detected.executable ?? "systemd-tmpfiles"} says systemd ${s.detected.release ?? s.systemdVersion}: read over ssh from tmpfiles.remote.host ${s.detected.host}, where dry-runs run (tmpfiles.systemdVersion: auto).${indexed} Click to change.`,
        };
      }
      return {
        text: `systemd ${s.systemdVersion} (auto)`,
        tooltip: `systemd-tmpfiles ${s.detected?.release ?? s.systemdVersion} was found${s.detected?.executable ? ` at ${s.detected.executable}` : ""} (tmpfiles.systemdVersion: auto).${indexed} Click to change.`,
      };
    case "auto-fallback":
      if (s.detected?.host !== undefined) {
        return {
          text: `systemd ${s.systemdVersion} (auto)`,
          tooltip: `No release from tmpfiles.remote.host ${s.detected.host}${s.detected.problem ? ` (${s.detected.problem})` : ""}, so the newest known rules apply: systemd ${s.systemdVersion}.${indexed} Click to change.`,
        };
      }
      return {
        text: `systemd ${s.systemdVersion} (auto)`,
        tooltip: `No systemd-tmpfiles release was found${s.detected?.problem ? ` (${s.detected.problem})` : ""}, so the newest known rules apply: systemd ${s.systemdVersion}.${indexed} Click to change.`,
      };
    case "invalid-setting":
      return {
        text: `$(warning) systemd ${s.systemdVersion}`,
        tooltip: `tmpfiles.systemdVersion is not valid (a release from ${SYSTEMD_VERSION_MIN} to ${SYSTEMD_VERSION_MAX}, or "auto"); systemd ${s.systemdVersion} applies meanwhile.${indexed} Click to change.`,
      };
  }
}
