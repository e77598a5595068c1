/**
 * "Run systemd-tmpfiles Dry-Run": a Pseudoterminal that shows each command
 * before it runs it (the release probe, then the dry-run with the file on
 * stdin), streams what it prints, and says what the exit status means. A
 * terminal link provider links `<stdin>:N:` and the paths of `Would …`
 * lines back to the lines of the file that was run.
 */
import * as vscode from "vscode";
import {
  describeTarget,
  SCRATCH_ROOT,
  copySourcesCommandLine,
  copySourcesInput,
  dryRunCommandLine,
  DRY_RUN_RELEASE,
  existingSources,
  installHint,
  parseReleaseOutput,
  versionCommandLine,
  type CommandLine,
  type DryRunTarget,
} from "./commandLine";
import { describeExit, outputLinks } from "./outputLinks";
import {
  describeRun,
  impliedParents,
  manifestErrorLines,
  missingSourceWarning,
  scratchCopiesNote,
  type CopyLine,
  type RunKind,
} from "./runSummary";
import { findOnPath, start, stopProcess, type Finished, type Running } from "./process";
import { SafeLines, terminalSafe } from "./terminalText";

export interface DryRunInput {
  target: DryRunTarget;
  /** The document that was run (a file, or a generated preview); output lines link to it. */
  source: vscode.Uri;
  /** Its name, as the terminal shows it. */
  name: string;
  /** The tmpfiles.d text that goes to stdin. */
  text: string;
  /** When the text is a manifest's generated snippet: what the manifest check knows that the run cannot show. */
  manifest?: ManifestDryRun;
}

/** What a manifest's dry-run checks besides the run: the `C` lines' sources on the target, and the manifest's errors. */
export interface ManifestDryRun {
  /** The manifest's file name, as the warnings show it. */
  name: string;
  copies: CopyLine[];
  /** The manifest's errors, 1-based lines of the manifest. */
  errors: { line: number; code: string; message: string }[];
}

/** What a run did, for the output channel and the extension tests. */
export interface DryRunRecord {
  target: DryRunTarget;
  source: string;
  commands: string[];
  release?: number;
  /** How the dry-run ran: `--dry-run`, or the isolated scratch root before 256. */
  kind?: RunKind;
  exit?: Finished;
  output: string;
  /** Why it stopped before the dry-run, when it did. */
  problem?: string;
  /** The warnings printed after the run (a manifest's missing copy sources and errors). */
  warnings: string[];
}

const BOLD = "\x1b[1m";
const DIM = "\x1b[2m";
const RED = "\x1b[31m";
const YELLOW = "\x1b[33m";
const RESET = "\x1b[0m";
/** How the isolated run lists what it created (TMPFILES_SCRIPT): `Would create /PATH`. */
const LISTED = "Would create /";

class DryRunPty implements vscode.Pseudoterminal {
  private readonly writer = new vscode.EventEmitter<string>();
  private readonly closer = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.writer.event;
  readonly onDidClose = this.closer.event;
  private running: Running | undefined;
  private finished = false;

  constructor(
    private readonly input: DryRunInput,
    private readonly record: DryRunRecord,
    private readonly onDone: (r: DryRunRecord) => void,
  ) {}

  open(): void {
    void this.run().then(
      () => this.finish(),
      (err: unknown) => {
        this.line(`${RED}${terminalSafe(err instanceof Error ? err.message : String(err))}${RESET}`);
        this.record.problem ??= err instanceof Error ? err.message : String(err);
        this.finish();
      },
    );
  }

  close(): void {
    if (this.running) stopProcess(this.running.child);
  }

  handleInput(data: string): void {
    // Only Enter closes it: Escape and other keys the workbench sends on its way must not.
    if (this.finished && (data === "\r" || data === "\n")) this.closer.fire();
    else if (!this.finished && data === "\x03") {
      if (this.running) stopProcess(this.running.child, "SIGINT");
    }
  }

  private write(text: string): void {
    this.writer.fire(text.replace(/\r?\n/g, "\r\n"));
  }

  private line(text: string): void {
    this.write(`${text}\n`);
  }

  /**
   * Runs `cmd` after showing it (its short form; the whole command line goes
   * to the log). `firstLineOnly` shows only the first line of its stdout (the
   * release, not the feature list); `holdListing` holds back the stdout lines
   * `Would create /PATH` of a scratch-root run and returns them instead.
   */
  private async exec(
    cmd: CommandLine,
    note?: string,
    opts: { firstLineOnly?: boolean; holdListing?: boolean; quietStdout?: boolean; stdinText?: string } = {},
  ): Promise<Finished & { stdout: string; listing: string[] }> {
    this.record.commands.push(cmd.display);
    this.line(`${BOLD}$ ${terminalSafe(cmd.short ?? cmd.display)}${RESET}${note ? `  ${DIM}${note}${RESET}` : ""}`);
    let stdout = "";
    const shown = new SafeLines();
    let firstLineShown = false;
    const listing: string[] = [];
    let pendingOut = "";
    const hold = (text: string): string => {
      let passed = "";
      for (const l of text.split("\n")) {
        if (l.startsWith(LISTED)) listing.push(l.slice(LISTED.length - 1));
        else passed += `${l}\n`;
      }
      return passed;
    };
    this.running = start(cmd, cmd.stdin === "config" ? this.input.text : opts.stdinText, (t, stream) => {
      if (stream === "stdout") stdout += t;
      if (stream === "stdout" && opts.quietStdout) return;
      this.record.output += t;
      if (stream === "stdout" && opts.firstLineOnly) {
        if (firstLineShown) return;
        const nl = t.indexOf("\n");
        if (nl >= 0) {
          t = t.slice(0, nl + 1);
          firstLineShown = true;
        }
      }
      if (stream === "stdout" && opts.holdListing) {
        pendingOut += t;
        const cut = pendingOut.lastIndexOf("\n");
        if (cut < 0) return;
        t = hold(pendingOut.slice(0, cut));
        pendingOut = pendingOut.slice(cut + 1);
      }
      const lines = shown.push(t);
      if (lines) this.write(lines);
    });
    const f = await this.running.done;
    this.running = undefined;
    if (pendingOut) {
      const lines = shown.push(hold(pendingOut));
      if (lines) this.write(lines);
    }
    const rest = shown.end();
    if (rest) this.line(rest);
    return { ...f, stdout, listing };
  }

  /** The scratch root's listing without the parents that exist only because it starts empty, and a line that says which were left out. */
  private showListing(listing: string[]): void {
    const hidden = new Set(impliedParents(listing, this.input.text));
    for (const p of listing) if (!hidden.has(p)) this.line(terminalSafe(`Would create ${p}`));
    if (hidden.size > 0) {
      const n = hidden.size;
      this.line(
        `${DIM}${terminalSafe(`Not listed: ${n} parent ${n === 1 ? "directory" : "directories"} that the scratch root lacked only because it starts empty (on the host most exist already): ${[...hidden].join(", ")}`)}${RESET}`,
      );
    }
  }

  private async run(): Promise<void> {
    const { target } = this.input;
    const name = terminalSafe(this.input.name);
    const where = describeTarget(target, vscode.env.remoteName);
    this.line(`${BOLD}systemd-tmpfiles dry-run of ${name} ${where}${RESET}`);
    const needed = target.kind === "ssh" ? "ssh" : "systemd-tmpfiles";
    if (!findOnPath(needed)) throw this.stop(installHint(needed, target.kind === "ssh" ? "on this machine" : where));

    const probe = await this.exec(versionCommandLine(target), "(which release is there)", { firstLineOnly: true });
    const release = parseReleaseOutput(probe.stdout);
    if (release === undefined) {
      if (probe.error?.code === "ENOENT") throw this.stop(installHint(needed, where));
      if (probe.code === 127 || /not found/i.test(this.record.output))
        throw this.stop(installHint("systemd-tmpfiles", where));
      if (target.kind === "ssh" && probe.code === 255)
        throw this.stop(
          `ssh could not reach ${target.host} (${describeExit(probe.code, probe.signal)}); nothing ran there.`,
        );
      throw this.stop(
        `systemd-tmpfiles --version said nothing that names a release (${describeExit(probe.code, probe.signal)}); nothing else ran.`,
      );
    }
    this.record.release = release;
    const how =
      release >= DRY_RUN_RELEASE
        ? `systemd ${release}: --dry-run, nothing is changed`
        : `systemd ${release} has no --dry-run (${DRY_RUN_RELEASE}+): it runs with --root=${SCRATCH_ROOT} in private namespaces where the host is read-only, or not at all`;
    this.line(`${DIM}${how}${RESET}`);
    const kind = release >= DRY_RUN_RELEASE ? "dry-run" : "isolated";
    this.record.kind = kind;
    const cmd = dryRunCommandLine(target, release);
    const exit = await this.exec(cmd, `< ${name} (the text goes to standard input)`, {
      holdListing: kind === "isolated",
    });
    this.record.exit = exit;
    if (kind === "isolated") this.showListing(exit.listing);
    const colour = exit.code === 0 ? "" : RED;
    this.line(`${colour}${describeRun(exit, kind, this.record.output)}${RESET}`);
    if (cmd.short !== undefined)
      this.line(`${DIM}The whole command line is in the output log (tmpfiles: Show Language Server Output).${RESET}`);
    if (this.input.manifest) await this.checkManifest(this.input.manifest, kind, where);
  }

  /** A manifest's dry-run: warns for each C line whose source the target lacks, and for each of the manifest's errors. */
  private async checkManifest(manifest: ManifestDryRun, kind: RunKind, where: string): Promise<void> {
    const { target } = this.input;
    const copies = manifest.copies;
    if (copies.length > 0) {
      if (kind === "isolated") this.line(`${DIM}${terminalSafe(scratchCopiesNote(copies.length, where))}${RESET}`);
      const sources = [...new Set(copies.map((c) => c.source))];
      const cmd = copySourcesCommandLine(target, sources);
      const input = copySourcesInput(target, sources);
      const r = await this.exec(cmd, "(do the C lines' sources exist?)", {
        quietStdout: true,
        ...(input !== undefined ? { stdinText: input } : {}),
      });
      // stat and xargs end with 1 and 123 when a path is missing: that is the answer, not a failure.
      if (r.signal || r.error || (r.code !== 0 && r.code !== 1 && r.code !== 123)) {
        this.warn(
          `The copy sources could not be checked ${where} (${r.error ? r.error.message : describeExit(r.code, r.signal)}).`,
        );
      } else {
        const found = existingSources(r.stdout);
        const missing = copies.filter((c) => !found.has(c.source));
        for (const c of missing) this.warn(missingSourceWarning(c, where));
        if (missing.length === 0)
          this.line(
            `${DIM}Every source of the ${copies.length} C ${copies.length === 1 ? "line" : "lines"} exists ${where}.${RESET}`,
          );
      }
    }
    const [head, ...rest] = manifestErrorLines(manifest.name, manifest.errors);
    if (head !== undefined) {
      this.warn(head);
      for (const l of rest) this.line(terminalSafe(l));
    }
  }

  private warn(text: string): void {
    this.record.warnings.push(text);
    this.line(`${YELLOW}${terminalSafe(text)}${RESET}`);
  }

  private stop(message: string): Error {
    this.record.problem = message;
    return new Error(message);
  }

  private finish(): void {
    this.finished = true;
    this.line(`${DIM}Press Enter to close this terminal.${RESET}`);
    this.onDone(this.record);
  }
}

class SourceLink extends vscode.TerminalLink {
  constructor(
    start: number,
    length: number,
    readonly uri: vscode.Uri,
    readonly line: number,
  ) {
    super(start, length, `Open line ${line} of ${uri.path.split("/").pop() ?? "the file"}`);
  }
}

/** Opens dry-run terminals and links their output back to the files they ran. */
export class DryRunTerminals implements vscode.TerminalLinkProvider<SourceLink>, vscode.Disposable {
  private readonly sources = new Map<vscode.Terminal, { uri: vscode.Uri; text: string }>();
  private readonly disposables: vscode.Disposable[] = [];
  private last: DryRunRecord | undefined;
  private readonly done = new vscode.EventEmitter<DryRunRecord>();
  readonly onDidFinish = this.done.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      this.done,
      vscode.window.registerTerminalLinkProvider(this),
      vscode.window.onDidCloseTerminal((t) => this.sources.delete(t)),
    );
  }

  lastRun(): DryRunRecord | undefined {
    return this.last;
  }

  run(input: DryRunInput): vscode.Terminal {
    const record: DryRunRecord = {
      target: input.target,
      source: input.source.toString(),
      commands: [],
      output: "",
      warnings: [],
    };
    const pty = new DryRunPty(input, record, (r) => {
      this.last = r;
      for (const c of r.commands) this.log.info(`dry-run: ${c}`);
      if (r.problem) {
        this.log.warn(`dry-run of ${input.name}: ${r.problem}`);
        void vscode.window.showErrorMessage(`Dry-run of ${input.name}: ${r.problem}`);
      } else if (r.kind && r.exit)
        this.log.info(`dry-run of ${input.name}: systemd ${r.release}, ${describeRun(r.exit, r.kind, r.output)}`);
      for (const w of r.warnings) this.log.warn(`dry-run of ${input.name}: ${w}`);
      this.done.fire(r);
    });
    const terminal = vscode.window.createTerminal({
      name: `tmpfiles dry-run: ${input.name}`,
      pty,
      iconPath: new vscode.ThemeIcon("beaker"),
    });
    this.sources.set(terminal, { uri: input.source, text: input.text });
    terminal.show();
    return terminal;
  }

  provideTerminalLinks(context: vscode.TerminalLinkContext): SourceLink[] {
    const src = this.sources.get(context.terminal);
    if (!src) return [];
    return outputLinks(context.line, src.text).map((l) => new SourceLink(l.start, l.length, src.uri, l.line));
  }

  async handleTerminalLink(link: SourceLink): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(link.uri);
    const line = Math.min(link.line - 1, Math.max(doc.lineCount - 1, 0));
    await vscode.window.showTextDocument(doc, {
      selection: new vscode.Range(line, 0, line, doc.lineAt(line).text.length),
      preview: false,
    });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
