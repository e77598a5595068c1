/**
 * fast-check arbitraries for hostile input: tmpfiles.d text built from the
 * pieces real lines are made of, mixed with random characters, lone
 * surrogates, NUL and every kind of line break; random bytes decoded as
 * UTF-8; and etc manifests, valid-looking or broken.
 */
import fc from "fast-check";

const TYPES = "fFwdDevqQpLcbCxXrRzZtThHaAmkKyYgGijlnosu?#% ".split("");
const MODS = ["", "", "", "+", "!", "-", "=", "~", "^", "$", "?", "!-", "+!", "++", "*", "#", "~+", "^+"];
const PATHS = [
  "/run/a",
  "/run/a",
  "/run/b",
  "/var/run/x",
  "/tmp",
  "%t/x",
  "%h/.cache",
  "/run/%z",
  "/run/%%",
  "/run/%",
  "run/rel",
  '"/run/q q"',
  "'/run/s'",
  "/run/\\x41",
  "/run/\\q",
  "/run/*",
  "/etc/x",
  "/run/é",
  "/run/a/../b",
  "-",
  "",
];
const MODES = [
  "0755",
  "0644",
  "755",
  "~0755",
  ":0644",
  "0999",
  "07777",
  "010000",
  "rw-r--r--",
  "0777",
  "1777",
  "-",
  "u=rwx",
  "0x1ff",
  "+644",
];
const OWNERS = ["root", "0", "65535", "4294967295", "-", "nobody", ":root", "#bad", " x", "ünï", "a:b", "+5", "@odd"];
const AGES = [
  "10d",
  "~10d",
  "1h30min",
  "-",
  "am:1d",
  "10days5",
  "z:1d",
  "infinity",
  "5.s",
  "1 2",
  "99999999999999999999",
];
const ARGS = [
  "-",
  "text",
  "/target",
  "1:3",
  "a:b",
  "+i",
  "+Q",
  "u::rwx",
  "u:root:rwz",
  "user.a=1",
  "aGVsbG8=",
  "not*base64",
  "cap_net_raw+ep",
  "%m",
  "%z",
  "line\\nend",
  "trailing\\",
  "\\x00",
  "my.credential",
];
const WEIRD = [
  "\0",
  "\r",
  "\n",
  "\r\n",
  "\n\r",
  "\t",
  " ",
  '"',
  "'",
  "\\",
  "#",
  "%",
  "\ud800",
  "\udfff",
  "\ufeff",
  "\u2028",
  "\u00a0",
  "\ufffd",
  "😀",
  "\u0301",
];

const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PATHS, ...MODES, ...OWNERS, ...AGES, ...ARGS) },
  { weight: 1, arbitrary: fc.constantFrom(...WEIRD) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);

const gap = fc.constantFrom(" ", " ", " ", "\t", "  ", " \t ", "");

/** One line: a type with modifiers, then fields from the vocabulary, sometimes broken. */
const line = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        gap,
        fc.constantFrom(...TYPES),
        fc.constantFrom(...MODS),
        fc.array(fc.tuple(gap, piece), { maxLength: 8 }),
        gap,
      )
      .map(([lead, t, m, fields, tail]) => lead + t + m + fields.map(([g, p]) => (g || " ") + p).join("") + tail),
  },
  { weight: 1, arbitrary: fc.constantFrom("", "# comment", "   ", "\t#x", "#", "d /run/a 0755 root root 10d") },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...WEIRD, "a", "d", "/", "0", "-"), maxLength: 30 }) },
);

const lineEnd = fc.constantFrom("\n", "\n", "\n", "\r\n", "\r", "\0", "\n\r", "\r\r\n", "\n\n");

/** A tmpfiles.d document of up to `maxLines` lines with mixed line breaks, with or without a final one. */
export function tmpfilesText(maxLines = 12): fc.Arbitrary<string> {
  return fc.tuple(fc.array(fc.tuple(line, lineEnd), { maxLength: maxLines }), fc.boolean()).map(([ls, final]) => {
    const s = ls.map(([l, e]) => l + e).join("");
    return final || s.length === 0 ? s : s.slice(0, -1);
  });
}

/** Any UTF-16 code unit, lone surrogates included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

/** Random text of any code units. */
export const anyText = fc.string({ unit: fc.oneof(codeUnit, fc.constantFrom(...WEIRD)), maxLength: 200 });

/** Random bytes read as UTF-8 (invalid sequences become U+FFFD, as the CLI and VS Code read files). */
export const bytesAsUtf8 = fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString("utf8"));

/** A text, mutated: characters inserted, spans deleted or repeated. */
export function mutated(base: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const op = fc.tuple(
    fc.nat(),
    fc.nat({ max: 20 }),
    fc.oneof(piece, lineEnd, codeUnit),
    fc.constantFrom("insert", "delete", "repeat", "replace"),
  );
  return fc.tuple(base, fc.array(op, { maxLength: 6 })).map(([text, ops]) => {
    let t = text;
    for (const [at, len, ins, kind] of ops) {
      const p = t.length ? at % (t.length + 1) : 0;
      if (kind === "insert") t = t.slice(0, p) + ins + t.slice(p);
      else if (kind === "delete") t = t.slice(0, p) + t.slice(p + len);
      else if (kind === "repeat") t = t.slice(0, p + len) + t.slice(p, p + len) + t.slice(p + len);
      else t = t.slice(0, p) + ins + t.slice(p + len);
    }
    return t;
  });
}

/** Every kind of hostile tmpfiles.d text. */
export const hostileTmpfiles = fc.oneof(
  { weight: 5, arbitrary: tmpfilesText() },
  { weight: 3, arbitrary: mutated(tmpfilesText(6)) },
  { weight: 1, arbitrary: anyText },
  { weight: 1, arbitrary: bytesAsUtf8 },
);

// ---------------------------------------------------------------- manifests

const TARGETS = [
  "hosts",
  "ssh/sshd_config",
  "ssh",
  "ssh/",
  "./x",
  "a//b",
  "../x",
  "/etc/x",
  "",
  "a\u0000b",
  "\ud800",
  "a/../../b",
  "d/*",
  "x y",
  "ü",
  "a".repeat(300),
];
const SOURCES = ["/nix/store/abc-hosts", "/x/*", "/x/*.conf", "relative", "", "/a b", '/q"q', "/%m", "/\n"];
const FIELD_MODES = ["symlink", "direct-symlink", "0644", "0440", "644", "rw", "", "07777", "0999"];
const OWNER_VALUES = ["root", "+0", "+1000", "+root", "", "-", "a b", "nginx"];

const jsonScalar = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, 4294967295, 1e300, "", "x"),
  fc.string({ maxLength: 8 }),
  fc.integer(),
);

const entryObject = fc.record(
  {
    target: fc.oneof(fc.constantFrom(...TARGETS), fc.string({ maxLength: 10 }), jsonScalar),
    source: fc.oneof(fc.constantFrom(...SOURCES), jsonScalar),
    mode: fc.oneof(fc.constantFrom(...FIELD_MODES), jsonScalar),
    user: fc.oneof(fc.constantFrom(...OWNER_VALUES), jsonScalar),
    group: fc.oneof(fc.constantFrom(...OWNER_VALUES), jsonScalar),
    uid: fc.oneof(fc.integer({ min: -2, max: 70000 }), jsonScalar),
    gid: fc.oneof(fc.integer({ min: -2, max: 70000 }), jsonScalar),
    enable: fc.oneof(fc.boolean(), jsonScalar),
    text: fc.oneof(fc.string({ maxLength: 10 }), jsonScalar),
    owner: jsonScalar,
  },
  { requiredKeys: [] },
);

const manifestValue = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.array(fc.oneof({ weight: 5, arbitrary: entryObject }, { weight: 1, arbitrary: jsonScalar }), {
      maxLength: 10,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.dictionary(
      fc.constantFrom(...TARGETS, "$schema"),
      fc.oneof({ weight: 5, arbitrary: entryObject }, { weight: 1, arbitrary: jsonScalar }),
      { maxKeys: 8 },
    ),
  },
  { weight: 1, arbitrary: jsonScalar },
);

/** A manifest's text: JSON of either shape, pretty or compact, sometimes with comments or trailing commas. */
const manifestJson = fc
  .tuple(manifestValue, fc.constantFrom(0, 2), fc.constantFrom("", "// c\n", "/* c */"))
  .map(([v, indent, lead]) => lead + JSON.stringify(v, null, indent));

export const hostileManifest = fc.oneof(
  { weight: 5, arbitrary: manifestJson },
  { weight: 3, arbitrary: mutated(manifestJson) },
  { weight: 1, arbitrary: fc.json() },
  { weight: 1, arbitrary: anyText },
  { weight: 1, arbitrary: bytesAsUtf8 },
);
