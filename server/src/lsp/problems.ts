/** What the server keeps for each diagnostic: the core's diagnostic and its fixes, which may edit other files. */
import type { CoreDiagnostic, TextEditOffsets } from "../core/diagnostic.js";

export interface FileFix {
  title: string;
  preferred: boolean;
  edits: { uri: string; edits: TextEditOffsets[] }[];
}

export interface Problem {
  core: CoreDiagnostic;
  fixes: FileFix[];
}
