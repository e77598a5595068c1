/**
 * The release of the host the dry-runs target, for `tmpfiles.systemdVersion:
 * auto` with `tmpfiles.remote.host` set: `systemd-tmpfiles --version` there
 * (versionCommandLine, over ssh), and its user database (`cat -- /etc/passwd`,
 * `cat -- /etc/group`), read into what the server is told
 * (tmpfiles/targetFacts). Pure: the runner's results in, facts out.
 */
import { UnreadableInput, USER_DATABASE_LIMITS } from "../../../server/src/core/readTextFile";
import { namesOfFetched } from "../../../server/src/core/userDatabase";
import type { TargetFactsParams } from "../../../server/src/protocol";
import { parseReleaseOutput, VERSION_WORDS } from "./commandLine";
import type { Finished } from "./process";

/** The program that answered: the first word of VERSION_WORDS, as the host's PATH finds it. */
const REMOTE_EXECUTABLE = VERSION_WORDS[0]!;

/** What `systemd-tmpfiles --version` over ssh to `host` said, as the server is told it. */
export function releaseFacts(
  host: string,
  r: Finished & { stdout: string; stderr: string },
): NonNullable<TargetFactsParams["release"]> {
  const release = parseReleaseOutput(r.stdout);
  if (release !== undefined) return { release, executable: `${REMOTE_EXECUTABLE} on ${host}'s PATH` };
  if (r.error?.code === "ENOENT") return { problem: "ssh is not installed on this machine" };
  if (r.signal) return { problem: `ssh to ${host} was stopped (${r.signal})` };
  if (r.code === 255) return { problem: `ssh could not reach ${host} (exit status 255)` };
  if (r.code === 127 || /not found/i.test(r.stderr)) return { problem: `systemd-tmpfiles is not installed on ${host}` };
  return { problem: `systemd-tmpfiles --version on ${host} named no release (exit status ${r.code ?? "unknown"})` };
}

type Fetched = Finished & { stdout: string; stderr: string; overflow?: boolean };

/** The names of the host's /etc/passwd and /etc/group as `cat` over ssh gave them, held to the limits of a passwd file, or why not. */
export function userDatabaseFacts(
  host: string,
  passwd: Fetched,
  group: Fetched,
): Pick<TargetFactsParams, "users" | "groups" | "userDatabaseProblem"> {
  const names = (which: string, r: Fetched): string[] | string => {
    const where = `${host}:${which}`;
    if (r.overflow) return `${where} is larger than ${USER_DATABASE_LIMITS.maxBytes} bytes, the most that is read`;
    if (r.error?.code === "ENOENT") return "ssh is not installed on this machine";
    if (r.signal || r.code !== 0)
      return `cat ${which} on ${host} failed (${r.signal ?? `exit status ${r.code ?? "unknown"}`}${r.stderr.trim() ? `: ${r.stderr.trim().split("\n", 1)[0]}` : ""})`;
    try {
      return namesOfFetched(r.stdout, where);
    } catch (e) {
      return e instanceof UnreadableInput ? e.message : String(e);
    }
  };
  const users = names("/etc/passwd", passwd);
  const groups = names("/etc/group", group);
  const problems = [users, groups].filter((x): x is string => typeof x === "string");
  return {
    ...(typeof users !== "string" ? { users } : {}),
    ...(typeof groups !== "string" ? { groups } : {}),
    ...(problems.length ? { userDatabaseProblem: [...new Set(problems)].join("; ") } : {}),
  };
}
