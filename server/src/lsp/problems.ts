/** What the server keeps for each diagnostic: the core's diagnostic and its fixes, which may edit other files. */
import type { CoreDiagnostic } from "../core/diagnostic.js";
import type { FileFix } from "../core/fixAll.js";

export interface Problem {
  core: CoreDiagnostic;
  fixes: FileFix[];
  /** For a tmpfiles.d line's own finding: the finding as the line keeps it (relative to the line) and where the line starts. */
  readonly lineFinding?: CoreDiagnostic | undefined;
  readonly lineStart?: number | undefined;
}
