/**
 * Imported first by main.ts, so it runs before the rest of the server is
 * loaded: starts `systemd-tmpfiles --version` (for the default
 * tmpfiles.systemdVersion "auto"). The process runs while the server loads
 * and answers initialize and the configuration request, which it used to
 * wait behind, so the first diagnostics no longer wait for it (about 0.15 s
 * on a loaded machine). With a release set, that one short process is
 * spent for nothing.
 */
import { localSystemdVersion } from "./systemdVersion.js";

void localSystemdVersion();
