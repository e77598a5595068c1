/**
 * tmpfiles.d lines from systemd's own test suite, when its source is in
 * .cache/systemd-src/<release>/ (scripts/fetch-systemd-oracles.sh --sources):
 * the lines test/test-systemd-tmpfiles.py feeds one by one, and the here
 * documents test/units/*TMPFILES* scripts pipe into systemd-tmpfiles (those
 * that use no shell variables, which only a shell could fill in).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface SystemdTestInput {
  name: string;
  text: string;
}

function pythonLines(text: string): string[] {
  const out: string[] = [];
  const re = /test_line\(\s*(?:r?)(['"])((?:\\.|(?!\1).)*)\1/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) out.push(m[2]!.replace(/\\(['"\\])/g, "$1"));
  return out;
}

function hereDocuments(text: string): string[] {
  const out: string[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /systemd-tmpfiles\b.*<<-?\s*(['"]?)(\w+)\1/.exec(lines[i]!);
    if (!m) continue;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && lines[j]!.trim() !== m[2]; j++) body.push(lines[j]!);
    i = j;
    const doc = body.join("\n");
    if (m[1] === "" && /[$`]/.test(doc)) continue; // the shell would expand it
    out.push(doc + "\n");
  }
  return out;
}

export function systemdTestInputs(srcRoot: string): SystemdTestInput[] {
  const out: SystemdTestInput[] = [];
  if (!existsSync(srcRoot)) return out;
  for (const release of readdirSync(srcRoot).sort()) {
    const test = join(srcRoot, release, "test");
    const py = join(test, "test-systemd-tmpfiles.py");
    if (existsSync(py)) {
      const lines = pythonLines(readFileSync(py, "utf8"));
      // One line a file: each is judged on its own there, and some repeat paths on purpose.
      lines.forEach((l, i) =>
        out.push({ name: `systemd-${release}/test-systemd-tmpfiles.py#${i + 1}`, text: l + "\n" }),
      );
    }
    for (const dir of [join(test, "units"), ...["TEST-22-TMPFILES"].map((d) => join(test, d))]) {
      if (!existsSync(dir)) continue;
      for (const f of readdirSync(dir).sort()) {
        if (!/TMPFILES|testsuite-22/.test(f) || !f.endsWith(".sh")) continue;
        hereDocuments(readFileSync(join(dir, f), "utf8")).forEach((doc, i) =>
          out.push({ name: `systemd-${release}/${f}#${i + 1}`, text: doc }),
        );
      }
    }
  }
  // The same input from several releases' suites needs to run once.
  const seen = new Set<string>();
  return out.filter((x) => (seen.has(x.text) ? false : (seen.add(x.text), true)));
}
