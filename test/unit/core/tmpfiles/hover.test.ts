import { test } from "node:test";
import assert from "node:assert/strict";
import { parseTmpfiles } from "../../../../server/src/core/tmpfiles/parse";
import { formatDuration, tmpfilesHover } from "../../../../server/src/core/tmpfiles/hover";
import { withCursor } from "./fixture";

function hover(fixture: string, systemdVersion?: number): string {
  const { text, offset } = withCursor(fixture);
  const h = tmpfilesHover(parseTmpfiles(text), offset, systemdVersion !== undefined ? { systemdVersion } : {});
  assert.ok(h, `no hover for ${fixture}`);
  assert.ok(h.offset <= offset && offset <= h.offset + h.length, "the hover's span holds the cursor");
  return h.markdown;
}

const cases: [string, RegExp[]][] = [
  // The type: what it does, its fields, since when.
  [
    "|d /run/app 0755 root root 10d",
    [
      /create directory/,
      /\| Mode \| the mode to create with; `-` means 0755/,
      /\| Age \| how old/,
      /every release from 252/,
    ],
  ],
  ["|L /etc/x - - - - /y", [/create symlink/, /\| Mode \| ignored/, /where the link points/]],
  ["|z /var/x 0640", [/leaves it as it is/]],
  ["|F /x", [/older spelling of `f\+`/]],
  // A modifier under the cursor.
  ["L|? /etc/x - - - - /y", [/Modifier.*`\?`/, /systemd 257 and later/]],
  ["L|? /etc/x - - - - /y", [/not to systemd 252/]],
  ["d|! /run/app", [/boot only/, /--boot/]],
  ["w|+ /run/log - - - - x", [/force \/ append/]],
  // The path and its specifiers.
  ["d /run/|%m/x", [/`%m`: the machine ID/, /On a typical system: `\/run\/0123456789abcdef0123456789abcdef\/x`/]],
  ["d /var/run/|app", [/uses `\/run\/app`/]],
  ['d "/run/a b|"', [/Read as `\/run\/a b`/]],
  ["r /tmp/|*.lock", [/a glob pattern/]],
  // Modes.
  ["d /run/x |0755", [/`rwxr-xr-x`/]],
  [
    "d /srv/x |2775",
    [/`rwxrwsr-x`/, /set-group-ID \(2000\): files and directories made inside take this directory's group/],
  ],
  ["d /tmp/x |1777", [/`rwxrwxrwt`/, /sticky \(1000\): in this directory only a file's owner/]],
  ["f /x |4755", [/`rwsr-xr-x`/, /set-user-ID \(4000\): a program started from this file runs as the file's owner/]],
  ["f /x |2755", [/set-group-ID \(2000\): a program started from this file runs with the file's group/]],
  [
    "f /x |06400",
    [
      /`r-S--S---`/,
      /set-user-ID \(4000\).*without the matching x bit it does nothing/,
      /set-group-ID \(2000\).*without the matching x bit/,
    ],
  ],
  ["f /x |1644", [/sticky \(1000\): Linux ignores it on a file/]],
  ["d /x |4755", [/set-user-ID \(4000\): Linux ignores it on a directory/]],
  [
    "z /x |3755",
    [
      /set-group-ID.*; on a directory, what is made inside takes the directory's group/,
      /sticky.*; on a file Linux ignores it/,
    ],
  ],
  ["z /x |~0644", [/`~`: masked/]],
  ["d /x |:0700", [/`:`: the mode is set only when the line creates/]],
  ["d /x |- - - -", [/Unset: 0755/]],
  // Owners.
  ["d /x - |:nobody", [/named `nobody`/, /only when the line creates/]],
  ["d /x - |0", [/numeric user id 0 \(root\)/]],
  ["d /x - root |100", [/numeric group id 100/]],
  // Ages.
  ["d /x - - - |10d", [/\*\*10 days\*\*/]],
  ["d /x - - - |1h30min", [/\*\*1 hour 30 minutes\*\*/]],
  ["d /x - - - |~2w", [/\*\*2 weeks\*\*/, /directly inside/]],
  ["d /x - - - |bmA:1h", [/files: creation \(birth\) time, modification time/, /directories: access time/]],
  ["d /x - - - |1h", [/directories: atime, btime and mtime \(not ctime\)/]],
  ["f /x - - - |1h", [/`f` lines ignore the age/]],
  // Arguments as each type reads them.
  ["h /x - - - - |+iA", [/Set:/, /`i`: immutable/, /`A`: no access-time updates/]],
  ["h /x - - - - |-C", [/Clear:/, /no copy-on-write/]],
  ['t /x - - - - |user.a=1 security.b="x y"', [/`user.a` = `1`/, /`security.b` = `x y`/]],
  [
    "a+ /x - - - - |d:group:adm:r-x,user::rwx,mask::rw",
    [
      /default \(inherited by new files\): group `adm`: read, execute/,
      /the owner: read, write, execute/,
      /`\+`: the entries are added/,
    ],
  ],
  ["c /dev/x - - - - |1:3", [/Major number 1, minor number 3/]],
  ["f~ /x - - - - |aGVsbG8K", [/base64 of 6 bytes/, /hello\\n/]],
  ["f~ /x - - - - |AAEC", [/00 01 02/]],
  ["f^ /x - - - - |my.cred", [/names a system credential/]],
  ["w /x - - - - |a\\tb", [/a\\tb/]],
  ["L /x - - - - |../y", [/relative to the directory the link is in/]],
  ["d /x - - - - |junk", [/systemd before 262 ignores one/]],
];

for (const [fixture, expected] of cases) {
  test(`hover ${fixture}`, () => {
    const md = hover(fixture, fixture.startsWith("L|?") && expected[0]!.source.includes("not to") ? 252 : undefined);
    for (const re of expected) assert.match(md, re);
  });
}

test("no hover on comments, blank lines and between fields", () => {
  const doc = parseTmpfiles("# d /x\n\nd /x    0755\n");
  assert.equal(tmpfilesHover(doc, 3), undefined);
  assert.equal(tmpfilesHover(doc, 7), undefined);
  assert.equal(tmpfilesHover(doc, 14), undefined);
});

test("durations are spelled out", () => {
  assert.equal(formatDuration(90n * 60n * 1_000_000n), "1 hour 30 minutes");
  assert.equal(formatDuration(1500n), "1 millisecond 500 microseconds");
  assert.equal(formatDuration(0xffffffffffffffffn), "infinity");
});
