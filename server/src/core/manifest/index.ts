/**
 * etc manifests: the pure core (no editor or protocol imports).
 *
 * Reading and checking
 * - `readManifest(text, fileName?)` → `Manifest`: entries with their JSON
 *   nodes and validated fields, plus the problems found while reading
 *   (broken JSON, shape, field types, unknown fields). Never throws.
 * - `checkManifest(text | Manifest, {fileName?, staticDir?})` →
 *   `CoreDiagnostic[]`: every diagnostic, sorted by offset, with `related`
 *   locations and quick `fixes` (text edits that keep the JSON valid). Codes
 *   and their severities are listed in `manifestCodes`.
 *
 * Generating and planning (docs/contracts.md §2)
 * - `generate(text | Manifest, {staticDir?})` → the tmpfiles.d snippet
 *   (string, one line per path, tree order, stable bytes). Entries with
 *   errors that make them impossible to lay out are left out.
 * - `generateItems(...)` → the same as `EtcItem[]`; `formatItems(items)` → their lines.
 * - `plan(old, new, {staticDir?, oldFileName?, newFileName?})` → `{replace,
 *   create, remove, changes}`; OLD and NEW are manifest text, a `Manifest`,
 *   generated snippet text, or `{items}`. Throws `PlanInputError` (with
 *   `problems` as diagnostics of that input) when an input cannot be read.
 * - `planWalk(old, new, opts)` → the same plan before any line is made (what
 *   happens to each path, and the paths of the `r` steps); `planOf(walk)` →
 *   the plan's lines and changes; `plan` is the two in one.
 * - `planToJson(plan)` → the `--format json` document; `formatPlanText(walk)`
 *   → the text format (the three snippets under comment headers, then a
 *   summary of the changes), and `writePlanText(walk, line)` the same a line
 *   at a time.
 *
 * - `generateCommand(text, fileName, {staticDir?})` → `{output, checked}`
 *   and `planInputOf(text, fileName, {staticDir?})` → `{input, checked}`:
 *   what the command line's `generate` and `plan` read of a manifest, by
 *   JSON.parse alone when it is plain JSON without errors; `checked` is the
 *   manifest read with positions when it may have errors, to list them.
 *
 * - `entryFates(manifest, {staticDir?})` → what generating does with each
 *   entry: used, disabled, no line, or dropped for another entry (the same
 *   target, or inside its link or file).
 * - `manifestVerdict(manifest, {name, staticDir?, diagnostics?})` → the
 *   comment lines a preview opens with (the errors with their line numbers,
 *   then the entries left out and why), each with the problem it shows;
 *   `verdictText(lines)` → those lines and an empty line, or "".
 *
 * Editor help
 * - `manifestHover(text, offset, {staticDir?})` → `{markdown, offset, length}`
 *   or undefined.
 * - `manifestCompletions(text, offset)` → `ManifestCompletion[]`.
 *
 * tmpfiles.d quoting (shared with anything that writes lines)
 * - `quoteField`, `quotePath`, `quoteArgument`, `globEscape`, and the reader
 *   side `splitLine`, `cunescape`.
 */
export { readManifest } from "./read.js";
export { checkManifest } from "./checks/index.js";
export { manifestCodes } from "./codes.js";
export type { Manifest, ManifestEntry } from "./model.js";
export { generate, generateItems, formatItems } from "./generate.js";
export { generateCommand, planInputOf, plainPlanInputOf } from "./commands.js";
export { readGenerated } from "./generated-read.js";
export {
  plan,
  planOf,
  planWalk,
  planToJson,
  formatPlanText,
  writePlanText,
  looksLikeManifest,
  PlanInputError,
  type PlanWalk,
} from "./plan.js";
export { manifestHover } from "./hover.js";
export { manifestCompletions } from "./complete.js";
export {
  commentLines,
  commentText,
  quoteField,
  quotePath,
  quoteArgument,
  globEscape,
  splitLine,
  cunescape,
} from "./quote.js";
export { entryFates } from "./fates.js";
export { manifestVerdict, verdictText } from "./verdict.js";
