import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, existsSync, statSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { parseTmpfiles, FIELD_NAMES, type TmpfilesDocument } from "../../../../server/src/core/tmpfiles/parse";
import { coalesceEdits, formatInSteps, formatTmpfiles } from "../../../../server/src/core/tmpfiles/format";
import { applyEdits } from "../../../../server/src/core/text";

const ROOT = join(__dirname, "..", "..", "..", "..");

/** Every entry line's fields (raw text and value), and which lines are entries. */
function meaning(doc: TmpfilesDocument, escapes: boolean): string[] {
  void escapes;
  return doc.lines.map((l) => {
    if (l.kind !== "entry") return l.kind === "comment" ? "#" + l.text.trim() : "";
    if (l.wordError) return "!" + l.text;
    return JSON.stringify(FIELD_NAMES.map((n) => (l.fields[n] ? [l.fields[n].raw, l.fields[n].value] : null)));
  });
}

function format(text: string, escapes = true): string {
  return applyEdits(text, formatTmpfiles(parseTmpfiles(text, { escapes })));
}

function assertSameMeaning(text: string, name: string): void {
  for (const escapes of [true, false]) {
    const out = format(text, escapes);
    assert.deepEqual(
      meaning(parseTmpfiles(out, { escapes }), escapes),
      meaning(parseTmpfiles(text, { escapes }), escapes),
      `${name}: a line changed its fields`,
    );
    assert.equal(format(out, escapes), out, `${name}: formatting is not idempotent`);
  }
}

test("columns are aligned and comments kept", () => {
  const text = "# Comment   \n  d /run/a 0755 root root -\nL+ /etc/longer/path - - - - /target\n\n   \nf /x\n";
  assert.equal(
    format(text),
    "# Comment\nd  /run/a           0755 root root -\nL+ /etc/longer/path -    -    -    - /target\n\n\nf  /x\n",
  );
});

test("CRLF line breaks are kept", () => {
  assert.equal(format("d  /a  -\r\nd /bb -\r\n"), "d /a  -\r\nd /bb -\r\n");
});

test("a line that cannot be split is left as it is", () => {
  const text = 'd   "/run/a 0755\nd /b\n';
  assert.equal(format(text), text);
});

test("long fields do not widen the column", () => {
  const long = "/" + "x".repeat(60);
  assert.equal(format(`d ${long} 0755\nd /a 0700\n`), `d ${long} 0755\nd /a 0700\n`);
});

function confFiles(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) confFiles(p, out);
    else if (name.endsWith(".conf")) out.push(p);
  }
  return out;
}

test("every example and corpus file keeps every line's fields", () => {
  const files = [...confFiles(join(ROOT, "examples")), ...confFiles("/work/shared/corpus")];
  assert.ok(files.length > 0);
  for (const f of files) assertSameMeaning(readFileSync(f, "utf8"), f);
});

test("random lines keep their fields (property)", () => {
  const word = fc.stringMatching(/^[-a-z0-9%~:+!=/.*"'\\ \t]{0,12}$/);
  const line = fc.array(word, { maxLength: 9 }).map((ws) => ws.join(fc.sample(fc.constantFrom(" ", "\t", "  "), 1)[0]));
  fc.assert(
    fc.property(fc.array(line, { maxLength: 12 }), (lines) => {
      assertSameMeaning(lines.join("\n") + "\n", "random");
    }),
    { numRuns: 500 },
  );
});

test("formatting in steps of a few lines gives the edits of the whole document, coalesced", () => {
  const line = fc.constantFrom(
    "d   /run/a  0755 root root -",
    "",
    "  ",
    "# c  ",
    "x /tmp/*",
    'f "/run/a b" - - - - x',
    "L+ /etc/x - - - - /y",
    "d run/x\\",
    "\t",
  );
  fc.assert(
    fc.property(
      fc.array(line, { maxLength: 40 }),
      fc.constantFrom("\n", "\r\n", "\r", "\n\r"),
      fc.integer({ min: 1, max: 7 }),
      (lines, eol, step) => {
        const text = lines.join(eol) + eol;
        const steps = formatInSteps(text, { escapes: true }, {}, step);
        let r = steps.next();
        let n = 0;
        while (!r.done) {
          r = steps.next();
          n++;
        }
        const count = parseTmpfiles(text).lines.length;
        assert.ok(n >= 2 * Math.ceil(count / step) - 1, `${n} steps for ${count} lines`);
        const whole = formatTmpfiles(parseTmpfiles(text));
        assert.deepEqual(r.value, coalesceEdits(text, whole));
      },
    ),
    { numRuns: 400 },
  );
});
