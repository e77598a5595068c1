/**
 * Checks between entries: two entries for one target (a duplicate when they
 * agree, a conflict when source, mode or owner differ, as NixOS fails the
 * build on a "mismatched duplicate entry"), and targets inside another entry's
 * link, file or glob-linked directory. Every conflict is reported on both
 * sides, each pointing at the other.
 */
import type { CoreDiagnostic, Fix, RelatedLocation } from "../../diagnostic.js";
import { replaceValue } from "../edits.js";
import {
  effectiveGroup,
  effectiveMode,
  effectiveUser,
  type Manifest,
  type ManifestEntry,
  targetNode,
} from "../model.js";
import { ancestors } from "../paths.js";
import { diag } from "../read.js";
import { removeEntryEdits } from "./fields.js";

/** Related locations listed per diagnostic, and the largest group offered "keep this entry" (its edits name every other entry). */
const MAX_LISTED = 50;

export function describeEntry(e: ManifestEntry): string {
  return e.name !== undefined ? `entry "${e.name}"` : `entry ${e.index + 1}`;
}

function ownerId(v: string): string {
  return v.startsWith("+") ? v.slice(1) : v;
}

/** What an entry puts at its target; equal keys mean equal results. */
function resultKey(e: ManifestEntry): string {
  if (e.glob) return `glob\0${e.source}`;
  const mode = effectiveMode(e);
  if (e.kind === "copy")
    return `copy\0${e.source}\0${parseInt(mode, 8)}\0${ownerId(effectiveUser(e))}\0${ownerId(effectiveGroup(e))}`;
  return `${mode}\0${e.source}`;
}

function difference(a: ManifestEntry, b: ManifestEntry): string {
  if (a.source !== b.source) return `another source (${b.source ?? "none"})`;
  if (a.glob !== b.glob || effectiveMode(a) !== effectiveMode(b)) return `another mode (${effectiveMode(b)})`;
  return `another owner (${effectiveUser(b)}:${effectiveGroup(b)})`;
}

function related(e: ManifestEntry, message: string): RelatedLocation {
  const n = targetNode(e);
  return { offset: n.offset, length: n.length, message };
}

/** A free target next to `target`: `dir/name-2.ext`, `dir/name-3.ext`, … */
function freeTarget(target: string, taken: ReadonlySet<string>): string {
  const slash = target.lastIndexOf("/");
  const dir = target.slice(0, slash + 1);
  const base = target.slice(slash + 1);
  const dot = base.lastIndexOf(".");
  const [stem, ext] = dot > 0 ? [base.slice(0, dot), base.slice(dot)] : [base, ""];
  for (let i = 2; ; i++) {
    const candidate = `${dir}${stem}-${i}${ext}`;
    if (!taken.has(candidate)) return candidate;
  }
}

function renameFix(e: ManifestEntry, taken: ReadonlySet<string>): Fix | undefined {
  const to = freeTarget(e.normTarget!, taken);
  const t = e.fields.get("target")?.value;
  if (t) return { title: `Rename the target to "${to}"`, edits: [replaceValue(t, to)] };
  if (e.nameNode) return { title: `Rename the entry to "${to}"`, edits: [replaceValue(e.nameNode, to)] };
  return undefined;
}

export function checkConflicts(m: Manifest): CoreDiagnostic[] {
  const out: CoreDiagnostic[] = [];
  const live = m.entries.filter((e) => e.enabled && e.normTarget !== undefined);
  const byTarget = new Map<string, ManifestEntry[]>();
  for (const e of live) {
    const list = byTarget.get(e.normTarget!);
    if (list) list.push(e);
    else byTarget.set(e.normTarget!, [e]);
  }
  const taken = new Set<string>(byTarget.keys());
  for (const e of m.entries) if (e.name !== undefined) taken.add(e.name);

  for (const [target, group] of byTarget) {
    if (group.length < 2) continue;
    // Result keys once per entry, and the first entry of each key: a group of any size stays linear.
    const keys = group.map(resultKey);
    const firstOfKey = new Map<string, ManifestEntry>();
    keys.forEach((k, i) => {
      if (!firstOfKey.has(k)) firstOfKey.set(k, group[i]!);
    });
    const small = group.length <= MAX_LISTED;
    group.forEach((e, i) => {
      const key = keys[i]!;
      const relatedOf = (test: (k: string) => boolean, message: (o: ManifestEntry) => string): RelatedLocation[] => {
        const out: RelatedLocation[] = [];
        for (let j = 0; j < group.length && out.length < MAX_LISTED; j++)
          if (j !== i && test(keys[j]!)) out.push(related(group[j]!, message(group[j]!)));
        return out;
      };
      let first: ManifestEntry | undefined;
      for (const [k, o] of firstOfKey) {
        if (k !== key) {
          first = o;
          break;
        }
      }
      if (first) {
        const fixes: Fix[] = [];
        // Keeping one entry of a huge group would be an edit per other entry, for every entry: offered for small groups only.
        if (small)
          fixes.push({
            title: `Keep this entry for /etc/${target}`,
            edits: removeEntryEdits(
              m,
              group.filter((o) => o !== e),
            ),
          });
        fixes.push({ title: "Remove this entry", edits: removeEntryEdits(m, [e]) });
        const rename = renameFix(e, taken);
        if (rename) fixes.push(rename);
        out.push(
          diag(
            "conflicting-target",
            targetNode(e),
            `/etc/${target} is also wanted by ${describeEntry(first)} with ${difference(e, first)}; NixOS fails the build with "mismatched duplicate entry".`,
            {
              related: relatedOf(
                (k) => k !== key,
                (o) => `${describeEntry(o)} wants /etc/${target} too`,
              ),
              fixes,
            },
          ),
        );
      } else {
        const isFirst = i === 0;
        out.push(
          diag(
            "duplicate-target",
            targetNode(e),
            `/etc/${target} is given again by ${describeEntry(isFirst ? group[1]! : group[0]!)} with the same source; one entry is enough.`,
            {
              related: relatedOf(
                () => true,
                (o) => `${describeEntry(o)} gives the same file`,
              ),
              fixes: [{ title: "Remove this duplicate entry", edits: removeEntryEdits(m, [e]), preferred: !isFirst }],
            },
          ),
        );
      }
    });
  }

  // Entries placed inside another's target, per holder: the holder is told too, as both sides of a conflict are.
  const inside = new Map<ManifestEntry, { dir: string; inner: ManifestEntry[] }>();
  for (const e of live) {
    for (const dir of ancestors(e.normTarget!)) {
      const holders = byTarget.get(dir);
      if (!holders) continue;
      const holder = holders[0]!;
      const held = inside.get(holder);
      if (held) held.inner.push(e);
      else inside.set(holder, { dir, inner: [e] });
      const fixes: Fix[] = [{ title: "Remove this entry", edits: removeEntryEdits(m, [e]) }];
      if (holder.glob) {
        out.push(
          diag(
            "inside-glob-directory",
            targetNode(e),
            `/etc/${dir} is a directory of links made from the glob ${holder.source} by ${describeEntry(holder)}; /etc/${e.normTarget} cannot be added inside it.`,
            {
              related: [related(holder, `the glob-linked directory /etc/${dir}`)],
              fixes,
            },
          ),
        );
      } else {
        const what = holder.kind === "copy" ? "a copied file" : "a link";
        out.push(
          diag(
            "target-inside-entry",
            targetNode(e),
            `/etc/${dir} is ${what} made by ${describeEntry(holder)}, so /etc/${e.normTarget} cannot be placed inside it.`,
            {
              related: [related(holder, `/etc/${dir} is ${what}`)],
              fixes,
            },
          ),
        );
      }
      break;
    }
  }
  for (const [holder, { dir, inner }] of inside) out.push(holderDiagnostic(m, holder, dir, inner));
  return out;
}

/** The holder's side of targets placed inside its link, file or glob-linked directory. */
function holderDiagnostic(
  m: Manifest,
  holder: ManifestEntry,
  dir: string,
  inner: readonly ManifestEntry[],
): CoreDiagnostic {
  const first = inner[0]!;
  const others = inner.length > 1 ? ` and ${inner.length - 1} other target${inner.length > 2 ? "s" : ""}` : "";
  const what = holder.glob
    ? `a directory of links made from the glob ${holder.source} by this entry`
    : `${holder.kind === "copy" ? "a copied file" : "a link"} made by this entry`;
  const listed = inner
    .slice(0, MAX_LISTED)
    .map((e) => related(e, `${describeEntry(e)} wants /etc/${e.normTarget} inside it`));
  const fixes: Fix[] = [{ title: "Remove this entry", edits: removeEntryEdits(m, [holder]) }];
  const message = `/etc/${dir} is ${what}, so /etc/${first.normTarget} of ${describeEntry(first)}${others} cannot be ${holder.glob ? "added" : "placed"} inside it.`;
  return diag(holder.glob ? "inside-glob-directory" : "target-inside-entry", targetNode(holder), message, {
    related: listed,
    fixes,
  });
}
