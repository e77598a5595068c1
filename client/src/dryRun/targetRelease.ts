/**
 * The release of the host the dry-runs target, for `tmpfiles.systemdVersion:
 * auto` with `tmpfiles.remote.host` set: `systemd-tmpfiles --version` there
 * (versionCommandLine, over ssh), read into what the server is told
 * (tmpfiles/targetFacts). Pure: the runner's result in, words out.
 */
import type { TargetFactsParams } from "../../../server/src/protocol";
import { parseReleaseOutput, VERSION_WORDS } from "./commandLine";
import type { Finished } from "./process";

/** The program that answered: the first word of VERSION_WORDS, as the host's PATH finds it. */
export const REMOTE_EXECUTABLE = VERSION_WORDS[0]!;

/** What `systemd-tmpfiles --version` over ssh to `host` said, as the server is told it. */
export function releaseFacts(host: string, r: Finished & { stdout: string; stderr: string }): NonNullable<TargetFactsParams["release"]> {
  const release = parseReleaseOutput(r.stdout);
  if (release !== undefined) return { release, executable: `${REMOTE_EXECUTABLE} on ${host}'s PATH` };
  if (r.error?.code === "ENOENT") return { problem: "ssh is not installed on this machine" };
  if (r.signal) return { problem: `ssh to ${host} was stopped (${r.signal})` };
  if (r.code === 255) return { problem: `ssh could not reach ${host} (exit status 255)` };
  if (r.code === 127 || /not found/i.test(r.stderr)) return { problem: `systemd-tmpfiles is not installed on ${host}` };
  return { problem: `systemd-tmpfiles --version on ${host} named no release (exit status ${r.code ?? "unknown"})` };
}
