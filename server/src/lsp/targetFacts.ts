/**
 * What the client learned on each target host (tmpfiles/targetFacts): the
 * release of its systemd-tmpfiles and its user database, when the client
 * asks tmpfiles.remote.host for them (initializationOptions.targetFacts).
 */
import type { TargetFactsParams } from "../protocol.js";
import type { Settings } from "./settings.js";
import type { MachineNames } from "./userDatabase.js";

export class TargetFacts {
  /** Whether the client asks tmpfiles.remote.host for its facts. */
  enabled = false;
  private readonly byHost = new Map<string, TargetFactsParams>();

  /** The host the files are for, when it is not this machine and the client reports on it. */
  targetHost(settings: Settings): string | undefined {
    const host = settings.remote.host;
    return host !== "" && this.enabled ? host : undefined;
  }

  of(host: string): TargetFactsParams | undefined {
    return this.byHost.get(host);
  }

  /** Adds what the client sent to what is known of its host; returns the facts now known. */
  record(params: TargetFactsParams): TargetFactsParams {
    const facts = { ...this.byHost.get(params.host), ...params };
    this.byHost.set(facts.host, facts);
    return facts;
  }

  /** The target's user database as the client fetched it (pending until then), or undefined when this machine is the target. */
  machineNames(settings: Settings, trusted: boolean): MachineNames | undefined {
    const host = this.targetHost(settings);
    if (host === undefined) return undefined;
    const f = this.byHost.get(host);
    if (!trusted || !f || (f.users === undefined && f.groups === undefined && f.userDatabaseProblem === undefined))
      return { host, pending: true };
    return {
      host,
      ...(f.users ? { users: f.users } : {}),
      ...(f.groups ? { groups: f.groups } : {}),
      ...(f.userDatabaseProblem ? { problem: f.userDatabaseProblem } : {}),
    };
  }
}
