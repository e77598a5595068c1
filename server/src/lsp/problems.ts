/** What the server keeps for each diagnostic: the core's diagnostic and its fixes, which may edit other files. */
import type { CoreDiagnostic } from "../core/diagnostic.js";
import type { FileFix } from "../core/fixAll.js";

export interface Problem {
  core: CoreDiagnostic;
  fixes: FileFix[];
}
