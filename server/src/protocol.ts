/**
 * The custom requests between the VS Code client and the language server,
 * in one file that both sides import. Each request is a named RequestType
 * with its parameter and result types; positions are LSP positions (the
 * edge), with the document offsets beside them where a client wants them.
 *
 * Errors: a request on a document the server cannot read, or with bad
 * parameters, fails with a ResponseError (code InvalidParams) whose message
 * says why; `tmpfiles/planPreview` adds the input's problems as `data`.
 */
import { NotificationType, RequestType, type Range } from "vscode-languageserver-protocol";

/** Where a manifest entry is, in the manifest the request named. */
export interface EntryRef {
  /** Position of the entry among the manifest's entries, from 0. */
  index: number;
  /** The entry's target as written (or its name in the object shape). */
  target?: string;
  /** Offset and length of the entry in the manifest's text (UTF-16 code units). */
  offset: number;
  length: number;
  /** The same span as an LSP range. */
  range: Range;
}

/**
 * A problem of a manifest written on a comment line of a preview (its
 * verdict): the client shows it as a diagnostic on that line, related to the
 * manifest.
 */
export interface PreviewProblem {
  /** Zero-based line of the preview text (of `PreviewVerdict.lines` in a plan preview). */
  line: number;
  severity: "error" | "warning" | "information" | "hint";
  /** The manifest check's code; lines that say what became of an entry have none. */
  code?: string;
  message: string;
  /** Where in the manifest the problem is. */
  range: Range;
  /** Other places in the same manifest (the other entry of a conflict, the entry used instead). */
  related: { range: Range; message: string }[];
}

/** The verdict a preview opens with: comment lines (without line breaks), and the problems on them. */
export interface PreviewVerdict {
  /** Which manifest of a plan preview it is about. */
  side: "new" | "old";
  lines: string[];
  problems: PreviewProblem[];
}

// ---------------------------------------------------------------------------
// tmpfiles/generatePreview

export interface GeneratePreviewParams {
  /** The manifest (an open document, or a file: URI the server can read). */
  uri: string;
  /** Link `symlink` entries through this directory (`/etc/static`), as `generate --static-dir`. */
  staticDir?: string;
}

export interface GeneratedLineLink {
  /** Zero-based line of the generated text. */
  line: number;
  /** The path the line creates, as /etc/… */
  path: string;
  /** The entries the line comes from: the entry itself for L+ and C; for a d line, the entries below the directory. */
  entries: EntryRef[];
  /** A `C` line: the path it copies from (systemd-tmpfiles skips the line without a word when it is missing). */
  copySource?: string;
}

export interface GeneratePreviewResult {
  uri: string;
  /** The document version the preview was computed from (null when read from disk). */
  version: number | null;
  /**
   * The manifest's verdict as comment lines (its errors, the entries that
   * make no line; nothing for a clean manifest), an empty line, then the
   * tmpfiles.d snippet as `tmpfiles-lsp generate` prints it.
   */
  text: string;
  links: GeneratedLineLink[];
  /** The problems on the verdict's lines (lines of `text`). */
  problems: PreviewProblem[];
  /** How many errors the manifest has. */
  errors: number;
}

export const GeneratePreviewRequest = new RequestType<GeneratePreviewParams, GeneratePreviewResult, void>(
  "tmpfiles/generatePreview",
);

// ---------------------------------------------------------------------------
// tmpfiles/planPreview

/** The previous generation: a document by URI, or text (another manifest, the file at git HEAD, the host's state). */
export type PlanSource = { uri: string } | { text: string; fileName?: string };

export interface PlanPreviewParams {
  old: PlanSource;
  /** The new generation: a manifest or generated snippet, by URI. */
  new: { uri: string };
  staticDir?: string;
}

export type ChangeAction = "add" | "replace" | "remove" | "keep";

/** A change of docs/contracts.md §2 (`path`, `action`, `old`, `new`) with links to the entries behind it. */
export interface LinkedChange {
  path: string;
  action: ChangeAction;
  old: string | null;
  new: string | null;
  /** Entries of NEW behind the path (empty when NEW is a snippet, or for a removed path). */
  newEntries: EntryRef[];
  /** Entries of OLD behind the path, when OLD was given by URI and is a manifest. */
  oldEntries: EntryRef[];
}

export interface PlanPreviewResult {
  /** The plan as `plan --format json` prints it, changes linked to their entries. */
  plan: { version: 1; replace: string[]; create: string[]; remove: string[]; changes: LinkedChange[] };
  /** The plan as `plan --format text` prints it (a tmpfiles.d file itself). */
  text: string;
  counts: Record<ChangeAction, number>;
  /** The verdicts of NEW, then OLD, for those that are manifests with something to say. */
  verdicts: PreviewVerdict[];
}

/** `data` of a planPreview error when an input cannot be read. */
export interface PlanInputProblems {
  which: "old" | "new";
  problems: { message: string; code: string; range?: Range }[];
}

export const PlanPreviewRequest = new RequestType<PlanPreviewParams, PlanPreviewResult, PlanInputProblems>(
  "tmpfiles/planPreview",
);

// ---------------------------------------------------------------------------
// tmpfiles/serverStatus

export interface ServerStatusParams {
  /** The document whose settings count; without it, the first workspace folder's. */
  uri?: string;
}

/** What `systemd-tmpfiles --version` said where it was asked, or why it said nothing. */
export interface DetectedRelease {
  release?: number | undefined;
  executable?: string | undefined;
  problem?: string | undefined;
  /** The host asked (tmpfiles.remote.host), when it was not this machine. */
  host?: string | undefined;
}

export interface ServerStatusResult {
  /** The server's own version. */
  serverVersion: string;
  /** The releases the server knows. */
  known: { oldest: number; newest: number };
  /** The systemd release whose rules apply to the document. */
  systemdVersion: number;
  /** Where that release comes from. */
  source: "setting" | "auto-detected" | "auto-fallback" | "invalid-setting";
  /**
   * With `auto`: what `systemd-tmpfiles --version` said, or why nothing was
   * found; `host` when it was asked on `tmpfiles.remote.host` (over ssh, by
   * the client: tmpfiles/targetFacts) instead of this machine.
   */
  detected?: DetectedRelease;
  /** Files of the workspace the server has indexed. */
  indexed: { tmpfiles: number; manifests: number; nix: number };
}

export const ServerStatusRequest = new RequestType<ServerStatusParams, ServerStatusResult, void>(
  "tmpfiles/serverStatus",
);

/** The initializationOptions the server reads. */
export interface InitializationOptions {
  /** Settings (section `tmpfiles`) for a client without workspace/configuration. */
  settings?: unknown;
  /** false when the editor does not trust the workspace. */
  workspaceTrusted?: boolean;
  /** true when the client handles the custom notifications below; without it the server sends none, as other editors know none. */
  customNotifications?: boolean;
  /**
   * true when the client asks `tmpfiles.remote.host` what it runs and says
   * so (tmpfiles/targetFacts): with `auto` and a host set, the server then
   * waits for that host's release instead of using this machine's.
   */
  targetFacts?: boolean;
}

/** What the client learned on a target host (`tmpfiles.remote.host`), asked once per host. */
export interface TargetFactsParams {
  /** The host as the setting names it. */
  host: string;
  /** What `systemd-tmpfiles --version` there said: the release and the program that said it, or why there is none. */
  release?: Omit<DetectedRelease, "host"> | undefined;
  /**
   * The names of the host's /etc/passwd and /etc/group (`cat` over ssh), for
   * tmpfiles.userDatabase "target"; `userDatabaseProblem` says why they are
   * missing. A notification may carry only some of the fields: the server
   * keeps the others from before.
   */
  users?: string[] | undefined;
  groups?: string[] | undefined;
  userDatabaseProblem?: string | undefined;
}

/** Sent by the client when it has asked a target host (see InitializationOptions.targetFacts). */
export const TargetFactsNotification = new NotificationType<TargetFactsParams>("tmpfiles/targetFacts");

/** Sent by the server when the release in force may have changed (settings changed, `auto` detected), to clients that ask for custom notifications. */
export const ServerStatusChangedNotification = new NotificationType<{ uri?: string }>("tmpfiles/serverStatusChanged");
