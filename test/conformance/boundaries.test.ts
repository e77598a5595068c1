/**
 * Every release boundary of the tables (server/src/core/versions.ts, the
 * `since` of line types, modifiers and specifiers), checked against the
 * real binaries of every release 252–262: for each, a probe line that the
 * releases before the boundary judge one way and the releases from it the
 * other. The test names both sides (the last release of the old verdict,
 * the first of the new), asserts that the real binaries put the change
 * exactly there, that our checker agrees at every release, and that where
 * we say "works from systemd N" the N is that first release.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  GREEK_MU_UNIT_UNKNOWN,
  NEWEST_VERSION,
  OLDEST_VERSION,
  SINCE,
  VAR_RUN_NOTICE_ONLY_BELOW_ETC,
} from "../../server/src/core/versions.js";
import { lineTypeAnyVersion, modifierAnyVersion } from "../../server/src/core/tmpfiles/lineTypes.js";
import { specifierAnyVersion } from "../../server/src/core/tmpfiles/specifiers.js";
import { checkTmpfiles } from "../../server/src/core/tmpfiles/check.js";
import { oracleVersions, runOracle, strongest } from "./oracle.js";
import { ourVerdicts, type Verdict } from "./verdicts.js";

const versions = oracleVersions();
const ALL = Array.from({ length: NEWEST_VERSION - OLDEST_VERSION + 1 }, (_, i) => OLDEST_VERSION + i);

interface Boundary {
  name: string;
  /** The line whose verdict changes. */
  line: string;
  /** First release of the new verdict (monotonic boundaries). */
  first?: number;
  /** Or: the releases that judge it apart from all others. */
  apart?: ReadonlySet<number>;
  /** The release our "works from systemd N" message must name, when we give one. */
  worksFrom?: number;
}

const BOUNDARIES: Boundary[] = [
  {
    name: "C escapes in fields: an unknown escape rejects the line",
    line: 'd "/tmp/b-esc\\q"',
    first: SINCE.escapesInFields,
  },
  {
    name: "specifier %A",
    line: "d /tmp/b-spec-A-%A",
    first: SINCE.imageSpecifiers,
    worksFrom: specifierAnyVersion("A")!.since,
  },
  {
    name: "specifier %M",
    line: "d /tmp/b-spec-M-%M",
    first: SINCE.imageSpecifiers,
    worksFrom: specifierAnyVersion("M")!.since,
  },
  {
    name: "specifier %q",
    line: "f /tmp/b-spec-q - - - - %q",
    first: SINCE.imageSpecifiers,
    worksFrom: specifierAnyVersion("q")!.since,
  },
  {
    name: "specifier %D",
    line: "L /tmp/b-spec-D - - - - /x/%D",
    first: SINCE.dataDirSpecifier,
    worksFrom: specifierAnyVersion("D")!.since,
  },
  {
    name: "modifier $ (purge)",
    line: "d$ /tmp/b-mod-purge",
    first: SINCE.purgeModifier,
    worksFrom: modifierAnyVersion("$")!.since,
  },
  {
    name: "modifier ? on L",
    line: "L? /tmp/b-mod-q - - - - /x",
    first: SINCE.ignoreIfTargetMissingModifier,
    worksFrom: modifierAnyVersion("?")!.since,
  },
  {
    name: "type k (capabilities)",
    line: "k /tmp/b-type-k - - - - cap_net_raw=ep",
    first: lineTypeAnyVersion("k")!.since,
    worksFrom: lineTypeAnyVersion("k")!.since,
  },
  {
    name: "type K (capabilities, recursive)",
    line: "K /tmp/b-type-K - - - - cap_net_raw=ep",
    first: lineTypeAnyVersion("K")!.since,
    worksFrom: lineTypeAnyVersion("K")!.since,
  },
  {
    name: "an argument on a type that takes none is an error",
    line: "d /tmp/b-arg - - - - arg",
    first: SINCE.argumentOnNoArgumentTypeIsError,
  },
  { name: "~ in the age of r", line: "r /tmp/b-r-tilde - - - ~1d", first: SINCE.keepFirstLevelRefusedOnR },
  { name: "the time unit μs (Greek mu)", line: "d /tmp/b-mu - - - 1\u03bcs", apart: GREEK_MU_UNIT_UNKNOWN },
  {
    name: "the /var/run notice for a file outside /etc",
    line: "d /var/run/b-var-run",
    apart: VAR_RUN_NOTICE_ONLY_BELOW_ETC,
  },
];

const verdictCache = new Map<string, Promise<Verdict>>();
function systemdVerdict(version: number, line: string): Promise<Verdict> {
  const key = `${version}\0${line}`;
  let v = verdictCache.get(key);
  if (!v) {
    v = runOracle(version, [{ name: "b.conf", text: `${line}\n` }]).then((r) =>
      strongest(r.lines.get("b.conf")?.get(1)),
    );
    verdictCache.set(key, v);
  }
  return v;
}

function sides(b: Boundary): string {
  if (b.first !== undefined)
    return `${b.first - 1} is the last release of the old verdict, ${b.first} the first of the new`;
  return `${[...b.apart!].join(" and ")} judge it unlike every other release`;
}

test("every release 252–262 has its oracle (CI requires all of them)", () => {
  const missing = ALL.filter((v) => !versions.includes(v));
  if (missing.length) {
    const msg = `systemd-tmpfiles ${missing.join(", ")} missing from .cache/systemd/oracles.json (bash scripts/fetch-systemd-oracles.sh, with ../shared/systemd/bin): their boundaries are not checked`;
    if (process.env.CI) assert.fail(msg);
    console.warn(`WARNING: ${msg}`);
  }
});

for (const b of BOUNDARIES) {
  test(`${b.name}: ${sides(b)}`, async () => {
    const theirs = new Map<number, Verdict>();
    for (const v of versions) theirs.set(v, await systemdVerdict(v, b.line));
    // Where the real binaries put the change.
    for (const v of versions) {
      const isNew = b.first !== undefined ? v >= b.first : b.apart!.has(v);
      const reference = versions.find(
        (w) => (b.first !== undefined ? w >= b.first : b.apart!.has(w)) === isNew && w !== v,
      );
      if (reference !== undefined)
        assert.equal(
          theirs.get(v),
          theirs.get(reference),
          `systemd ${v} and ${reference} judge ${JSON.stringify(b.line)} alike`,
        );
    }
    const oldSide = versions.filter((v) => (b.first !== undefined ? v < b.first : !b.apart!.has(v)));
    const newSide = versions.filter((v) => (b.first !== undefined ? v >= b.first : b.apart!.has(v)));
    if (oldSide.length && newSide.length)
      assert.notEqual(
        theirs.get(oldSide.at(-1)!),
        theirs.get(newSide[0]!),
        `the verdict changes at the boundary: ${[...theirs].join(" ")}`,
      );
    if (b.first !== undefined) {
      assert.ok(
        (versions.includes(b.first - 1) && versions.includes(b.first)) || !process.env.CI,
        `both sides, ${b.first - 1} and ${b.first}, have their binary`,
      );
    }
    // Our checker agrees at every release, and names the first release where it says "works from".
    for (const v of versions) {
      const ours = ourVerdicts(`${b.line}\n`, v, "b.conf").verdicts.get(1) ?? "none";
      assert.equal(
        ours,
        theirs.get(v),
        `systemd ${v} on ${JSON.stringify(b.line)}: systemd ${theirs.get(v)}, ours ${ours}`,
      );
    }
    if (b.worksFrom !== undefined) {
      assert.equal(b.worksFrom, b.first, "the table's release is the boundary the binaries show");
      const before = checkTmpfiles(`${b.line}\n`, { systemdVersion: b.first! - 1 })
        .diagnostics.map((d) => d.message)
        .join("\n");
      assert.match(
        before,
        new RegExp(`from systemd ${b.first}\\b`),
        `the message before ${b.first} says where it starts working:\n${before}`,
      );
    }
  });
}
