/** tmpfiles/serverStatus: the server's version, the release whose rules apply and where it came from, and what is indexed. */
import { PRODUCT_VERSION } from "../../version.js";
import { NEWEST_VERSION, OLDEST_VERSION } from "../../core/versions.js";
import type { ServerStatusResult } from "../../protocol.js";
import { statusParams, validated } from "../params.js";
import type { ServerState } from "../state.js";

export async function serverStatus(state: ServerState, raw: unknown): Promise<ServerStatusResult> {
  const params = validated(statusParams, raw);
  const uri = params?.uri;
  const f = uri ? state.index.get(uri) : undefined;
  const settings = await (f
    ? state.settingsOf(f)
    : state.configuration.settingsFor(uri ?? state.index.folders[0]?.uri));
  const release = await state.releaseOf(settings);
  return {
    serverVersion: PRODUCT_VERSION,
    known: { oldest: OLDEST_VERSION, newest: NEWEST_VERSION },
    systemdVersion: release.version,
    source: release.source,
    ...(release.detected ? { detected: release.detected } : {}),
    indexed: state.index.counts(),
  };
}
