import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  commentLines,
  commentText,
  quoteArgument,
  quoteField,
  quotePath,
  globEscape,
  splitLine,
  cunescape,
} from "../../../../server/src/core/manifest/index.js";
import { sdLine, sdSplit, sdUnescape, sdSpecifiers } from "./sd-rules.js";

test("quoteField: the shortest readable spelling", () => {
  const cases: Array<[string, string]> = [
    ["plain", "plain"],
    ["/etc/ssh/sshd_config", "/etc/ssh/sshd_config"],
    ["with space", '"with space"'],
    ["tab\there", '"tab\there"'],
    ['say "hi" now', "'say \"hi\" now'"],
    ["it's", "it\\'s"],
    ['a"b', 'a\\"b'],
    ["back\\slash", "back\\\\slash"],
    ["new\nline", "new\\nline"],
    ["cr\r", "cr\\r"],
    ["bell\x07", "bell\\x07"],
    ["del\x7f", "del\\x7f"],
    ["ünïcödé ☃", '"ünïcödé ☃"'],
    ["😀", "😀"],
    ["#not-a-comment", "#not-a-comment"],
    ["--", "--"],
  ];
  for (const [value, spelled] of cases) assert.equal(quoteField(value), spelled, JSON.stringify(value));
});

test("quoteField: empty and a lone dash are written as unset", () => {
  assert.equal(quoteField(""), "-");
  assert.equal(quoteField("-"), "-");
  assert.equal(quoteField(undefined), "-");
});

test("quoteField: NUL and lone surrogates cannot be written", () => {
  assert.throws(() => quoteField("a\0b"), RangeError);
  assert.throws(() => quoteField("a\ud800b"), RangeError);
  assert.throws(() => quoteArgument("\udc00"), RangeError);
});

test("quotePath doubles %; quoteArgument escapes what the raw argument needs", () => {
  assert.equal(quotePath("/etc/100%"), "/etc/100%%");
  assert.equal(quotePath("/etc/a b%"), '"/etc/a b%%"');
  assert.equal(quoteArgument("/nix/store/x"), "/nix/store/x");
  assert.equal(quoteArgument('/a "quoted" b'), '/a "quoted" b');
  assert.equal(quoteArgument(" lead and trail "), "\\x20lead and trail\\x20");
  assert.equal(quoteArgument("50%\\"), "50%%\\\\");
  assert.equal(quoteArgument("-"), "\\x2d");
  assert.equal(quoteArgument("a\nb"), "a\\nb");
  assert.equal(globEscape("/etc/a*[b]{c}?\\"), "/etc/a\\*\\[b\\]\\{c\\}\\?\\\\");
});

test("the core's reader agrees with systemd's rules on tricky lines", () => {
  const lines = [
    `L+ "/etc/a b" - - - - /x y`,
    `C '/etc/it'\\''s' 0644 0 0 - /s`,
    `d /etc/x\\sy - - - -`,
    `L+ /etc/a"b c"d - - - - -`,
    `L+ /etc/\\u00e9\\101 - - - - "/q"`,
  ];
  for (const l of lines) {
    const sd = sdSplit(l);
    const core = splitLine(l);
    assert.deepEqual(core.fields, sd.words, l);
    assert.equal(core.argument ?? "-", sd.rest === "" ? "-" : sd.rest, l);
  }
  assert.throws(() => splitLine(`L+ "/etc/open - - - -`));
  assert.throws(() => splitLine(`L+ /etc/\\q - - - -`));
  assert.throws(() => cunescape("\\x00"));
});

/** Strings that a tmpfiles.d line can hold (no NUL, no lone surrogate). */
const writable = fc
  .string({
    unit: fc.oneof(
      fc.constantFrom(" ", "\t", "\n", "\r", '"', "'", "\\", "%", "-", "#", "*", "\x01", "\x7f", "é", "😀"),
      fc.string({ unit: "binary-ascii", minLength: 1, maxLength: 1 }),
      fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
    ),
    maxLength: 24,
  })
  .filter((s) => !s.includes("\0") && !/[\ud800-\udfff]/u.test(s.replace(/[\ud800-\udbff][\udc00-\udfff]/g, "")));

test("property: any field round-trips through quoteField and systemd's rules", () => {
  fc.assert(
    fc.property(writable, (s) => {
      fc.pre(s !== "" && s !== "-");
      const line = `C ${quotePath("/etc/" + s)} ${quoteField(s)} ${quoteField(s)} ${quoteField(s)} - ${quoteArgument("/" + s)}`;
      assert.ok(!line.includes("\n") && !line.includes("\r"), "one line");
      const l = sdLine(line);
      assert.equal(l.path, "/etc/" + s);
      assert.equal(l.mode, s);
      assert.equal(l.user, s);
      assert.equal(l.group, s);
      assert.equal(l.argument, "/" + s);
    }),
    { numRuns: 2000 },
  );
});

test("property: arguments round-trip, including whitespace at the ends", () => {
  fc.assert(
    fc.property(writable, (s) => {
      fc.pre(s !== "");
      const { rest } = sdSplit(`L+ /etc/x - - - - ${quoteArgument(s)}   `);
      assert.equal(sdSpecifiers(sdUnescape(rest)), s);
    }),
    { numRuns: 2000 },
  );
});

test("property: quoteField is minimal among the forms it chooses from", () => {
  fc.assert(
    fc.property(writable, (s) => {
      fc.pre(s !== "" && s !== "-");
      const q = quoteField(s);
      // eslint-disable-next-line no-control-regex -- control characters are what must be quoted
      if (!/[ \t"'\\\x00-\x1f\x7f]/.test(s)) assert.equal(q, s);
      else if (!/[ \t]/.test(s))
        assert.ok(!q.startsWith('"') && !(q.startsWith("'") && q.length > 1 && q.endsWith("'") && s[0] !== "'"));
    }),
  );
});

test("property: glob-escaped paths read back as the path", () => {
  fc.assert(
    fc.property(writable, (s) => {
      fc.pre(s !== "" && s !== "-");
      assert.equal(sdLine(`r ${quotePath(globEscape("/etc/" + s))} - - - -`).path, "/etc/" + s);
    }),
  );
});

test("commentText: line breaks and other controls are escaped, a backslash doubled, the rest kept", () => {
  assert.equal(commentText("/etc/plain ü"), "/etc/plain ü");
  assert.equal(commentText("x\nR /etc"), "x\\nR /etc");
  assert.equal(commentText("a\rb\tc\0d\x1b[2K\x7f\x9b\u2028"), "a\\rb\\tc\\x00d\\x1b[2K\\x7f\\x9b\\u2028");
  assert.equal(commentText("a\\nb"), "a\\\\nb");
  assert.equal(commentLines("one\ntwo\r\nthree\rx\0y"), "# one\n# two\n# three\n# x\\x00y\n");
});
