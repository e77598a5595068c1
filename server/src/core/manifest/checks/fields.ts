/** Checks of one entry's own fields: target, source, mode and owner. */
import type { Node } from "jsonc-parser";
import type { CoreDiagnostic } from "../../diagnostic.js";
import { removeChildren, replaceValue } from "../edits.js";
import { effectiveMode, type Manifest, type ManifestEntry, targetNode } from "../model.js";
import { NAME_MAX, normaliseTarget } from "../paths.js";
import { unwritableCharacter } from "../quote.js";
import { diag } from "../read.js";
import { ownerField } from "../owner.js";
import { canonicalMode, octalModeOf, OWNER_ID_PATTERN } from "../schema.js";
import { modeProblem } from "../describe.js";
import { invalidModeCandidates } from "../../tmpfiles/fixes/modeFixes.js";

export interface FieldCheckOptions {
  /** A static directory is used for `symlink` entries (affects how globs are linked). */
  staticDir?: string;
}

const takenTargets = new WeakMap<Manifest, Set<string>>();

/** The targets the manifest's enabled entries put into /etc (a fix must not move an entry onto one of them). */
function targetsOf(m: Manifest): Set<string> {
  let t = takenTargets.get(m);
  if (!t) {
    t = new Set(m.entries.filter((x) => x.enabled && x.normTarget !== undefined).map((x) => x.normTarget!));
    takenTargets.set(m, t);
  }
  return t;
}

function checkTarget(m: Manifest, e: ManifestEntry, out: CoreDiagnostic[]): void {
  const node = targetNode(e);
  if (e.rawTarget === undefined) {
    if (!e.fields.has("target"))
      out.push(diag("missing-field", e.node, 'The entry has no "target": where under /etc should it go?'));
    return;
  }
  const raw = e.rawTarget;
  const n = normaliseTarget(raw);
  if (!n.ok) {
    if (n.reason === "empty")
      out.push(diag("empty-target", node, `The target "${raw}" names /etc itself; an entry needs a path inside it.`));
    else if (n.reason === "leaves-etc")
      out.push(diag("target-leaves-etc", node, `The target "${raw}" climbs out of /etc with "..".`));
    else if (n.reason === "name-too-long") {
      const cps = [...n.name];
      const shown = cps.length > 40 ? `${cps.slice(0, 20).join("")}…${cps.slice(-10).join("")}` : n.name;
      out.push(
        diag(
          "target-name-too-long",
          node,
          `The name "${shown}" in the target is ${n.bytes} bytes long, more than the ${NAME_MAX} a file name can have; systemd-tmpfiles cannot create it.`,
        ),
      );
    } else
      out.push(diag("invalid-character", node, `The target holds ${n.detail}, which no tmpfiles.d line can express.`));
    return;
  }
  // The target came from the entry's name when the "target" field gave no string (absent, null, a number).
  const fromName = e.target === undefined;
  if (n.path !== raw) {
    const fixes = fromName
      ? []
      : [
          {
            title: `Write the target as "${n.path}"`,
            edits: [replaceValue(e.fields.get("target")!.value!, n.path)],
            preferred: true,
          },
        ];
    out.push(
      diag("target-not-normalised", node, `The target "${raw}" is /etc/${n.path}; written plainly it is "${n.path}".`, {
        fixes,
      }),
    );
  }
  if (/^\/+etc(\/|$)/.test(raw) && n.path.startsWith("etc/")) {
    const rest = n.path.slice(4);
    const fixes =
      !fromName && rest && !targetsOf(m).has(rest)
        ? [{ title: `Write the target as "${rest}"`, edits: [replaceValue(e.fields.get("target")!.value!, rest)] }]
        : [];
    out.push(
      diag("target-includes-etc", node, `Targets are relative to /etc, so "${raw}" becomes /etc/${n.path}.`, { fixes }),
    );
  }
}

function checkSource(e: ManifestEntry, out: CoreDiagnostic[]): void {
  const span = e.fields.get("source");
  if (e.source === undefined) {
    if (span) return; // wrong type, reported while reading
    if (typeof e.text === "string")
      out.push(
        diag(
          "text-without-source",
          e.fields.get("text")!.key,
          'Only "text" is given: Nix builds the source from it, but this tool needs the evaluated "source" to lay the entry out.',
        ),
      );
    else
      out.push(diag("missing-field", e.nameNode ?? e.node, 'The entry has no "source": what should /etc hold here?'));
    return;
  }
  const node = span!.value!;
  const bad = unwritableCharacter(e.source);
  if (bad) out.push(diag("invalid-character", node, `The source holds ${bad}, which no tmpfiles.d line can express.`));
  else if (!e.source.startsWith("/"))
    out.push(
      diag(
        "source-not-absolute",
        node,
        `The source "${e.source}" must be an absolute path (NixOS sources are paths; systemd-tmpfiles rejects a relative copy source).`,
      ),
    );
}

function checkMode(e: ManifestEntry, opts: FieldCheckOptions, out: CoreDiagnostic[]): void {
  const span = e.fields.get("mode");
  if (e.mode !== undefined && span?.value && e.kind === undefined) {
    const node = span.value;
    const p = modeProblem(e.mode);
    // A symbolic mode has one octal spelling (preferred); otherwise guesses: stray characters dropped, or the usual file mode.
    const fixes = p.octal
      ? [{ title: `Write "${p.octal}"`, edits: [replaceValue(node, p.octal)], preferred: true }]
      : invalidModeCandidates(e.mode, false)
          .filter((c) => octalModeOf(c.value) !== undefined)
          .map((c) => ({ title: `Write "${c.value}" (${c.why})`, edits: [replaceValue(node, c.value)] }));
    out.push(
      diag("invalid-mode", node, `The mode ${JSON.stringify(e.mode)} ${p.what}.`, fixes.length ? { fixes } : {}),
    );
  }
  if (e.kind === "copy" && !e.glob && span?.value) checkSetId(octalModeOf(e.mode!)!, span.value, out);
  if (!e.glob || e.source === undefined) return;
  if (e.kind === "copy" && span?.value) {
    out.push(
      diag(
        "mode-ignored-on-glob",
        span.value,
        `The source is a glob, so the target is a directory of links and the copy mode "${e.mode}" is ignored.`,
      ),
    );
  }
  if (opts.staticDir === undefined && effectiveMode(e) !== "direct-symlink" && !/^[^*?[]*\/\*$/.test(e.source)) {
    const dir = globDirectory(e.source);
    out.push(
      diag(
        "glob-links-whole-directory",
        e.fields.get("source")!.value!,
        `Without a static directory, tmpfiles.d cannot expand "${e.source}"; the target links the whole of ${dir}, names that do not match included.`,
      ),
    );
  }
}

/** A copy whose mode sets set-user-ID or set-group-ID: a program there runs with the file's owner's or group's rights. */
function checkSetId(bits: number, node: Node, out: CoreDiagnostic[]): void {
  const setId = bits & 0o6000;
  if (!setId) return;
  const which =
    setId === 0o6000 ? "set-user-ID and set-group-ID bits" : setId === 0o4000 ? "set-user-ID bit" : "set-group-ID bit";
  const whose = setId === 0o6000 ? "its owner and group" : setId === 0o4000 ? "its owner" : "its group";
  const without = canonicalMode(bits & ~0o6000);
  out.push(
    diag(
      "set-id-mode",
      node,
      `The mode ${canonicalMode(bits)} sets the ${which}: a program copied here runs with the rights of ${whose}, whoever starts it. Privileged programs belong in security.wrappers, not /etc; write "${without}" if this was not meant.`,
      {
        fixes: [{ title: `Write "${without}" (no set-id bits)`, edits: [replaceValue(node, without)] }],
      },
    ),
  );
}

/** The directory a glob source's matches live in: the part before the first component with a wildcard. */
export function globDirectory(source: string): string {
  const parts = source.split("/");
  const i = parts.findIndex((p) => /[*?[]/.test(p));
  const dir = parts.slice(0, i < 0 ? parts.length - 1 : i).join("/");
  return dir === "" ? "/" : dir;
}

function checkOwnerPair(
  e: ManifestEntry,
  nameField: "user" | "group",
  idField: "uid" | "gid",
  out: CoreDiagnostic[],
): void {
  const name = e[nameField];
  const nameSpan = e.fields.get(nameField);
  const num = e[idField];
  const idSpan = e.fields.get(idField);
  if (name === undefined || !nameSpan?.value) {
    // Without a name the numeric field is the owner ("+N").
    if (num === undefined || !idSpan?.value || !e.fields.has(idField)) return;
    const o = ownerField(`+${num}`);
    if (!o.ok && o.reason === "id")
      out.push(
        diag(
          "invalid-owner-id",
          idSpan.value,
          `"${idField}" is ${num}, which ${o.problem}; systemd-tmpfiles rejects the copy's line.`,
        ),
      );
    return;
  }
  const o = ownerField(name);
  if (!o.ok && o.reason === "invalid") {
    out.push(
      diag(
        "invalid-owner",
        nameSpan.value,
        `"${nameField}" is "${name}": it must be a ${nameField} name or "+N" for the numeric id N.`,
      ),
    );
    return;
  }
  if (!o.ok) {
    const shown = o.id.length > 30 ? `${o.id.slice(0, 12)}…(${o.id.length} digits)` : o.id;
    out.push(
      diag(
        "invalid-owner-id",
        nameSpan.value,
        `"${nameField}" is the numeric id ${shown}, which ${o.problem}; systemd-tmpfiles rejects the copy's line.`,
      ),
    );
    return;
  }
  const id = OWNER_ID_PATTERN.exec(name);
  if (id && num !== undefined && idSpan?.value && Number(id[1]) !== num) {
    out.push(
      diag(
        "owner-mismatch",
        nameSpan.value,
        `"${nameField}" is "${name}" but "${idField}" is ${num}; NixOS uses "${nameField}", so the ${nameField === "user" ? "owner" : "group"} is id ${id[1]}.`,
        {
          related: [{ offset: idSpan.value.offset, length: idSpan.value.length, message: `"${idField}" says ${num}` }],
          fixes: [
            { title: `Set "${nameField}" to "+${num}"`, edits: [replaceValue(nameSpan.value, `+${num}`)] },
            { title: `Set "${idField}" to ${id[1]}`, edits: [replaceValue(idSpan.value, Number(id[1]))] },
          ],
        },
      ),
    );
  }
}

function isRootOwner(v: string | undefined): boolean {
  return v === undefined || v === "+0" || v === "root";
}

function checkOwnerOnLink(e: ManifestEntry, out: CoreDiagnostic[]): void {
  if (e.kind === "copy" && !e.glob) return;
  if (e.kind === undefined) return;
  const offending = (["user", "group", "uid", "gid"] as const).find((f) => {
    const v = e[f];
    if (v === undefined || !e.fields.get(f)?.value) return false;
    return typeof v === "number" ? v !== 0 : !isRootOwner(v);
  });
  if (!offending) return;
  const node = e.fields.get(offending)!.value!;
  out.push(
    diag(
      "owner-ignored-on-symlink",
      node,
      `This entry is a link${e.glob ? " (a directory of links, from a glob)" : ""}; "${offending}" only applies to copies, made with an octal "mode".`,
    ),
  );
}

export function checkEntryFields(m: Manifest, e: ManifestEntry, opts: FieldCheckOptions): CoreDiagnostic[] {
  const out: CoreDiagnostic[] = [];
  checkTarget(m, e, out);
  checkSource(e, out);
  checkMode(e, opts, out);
  checkOwnerPair(e, "user", "uid", out);
  checkOwnerPair(e, "group", "gid", out);
  checkOwnerOnLink(e, out);
  return out;
}

/** Removal of a whole entry, for fixes. */
export function removeEntryEdits(m: Manifest, entries: readonly ManifestEntry[]) {
  return m.root
    ? removeChildren(
        m.root,
        entries.map((e) => e.container),
      )
    : [];
}
