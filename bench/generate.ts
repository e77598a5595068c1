/**
 * Inputs for the benchmark: tmpfiles.d files and etc manifests of a given
 * size, the same bytes for the same size every time. The lines look like the
 * ones packages ship (every common type, owners, modes, ages, arguments,
 * comments and blank lines), with a few mistakes and a few repeated paths, so
 * that every part of the checker runs, not only its fast path.
 */

import { mulberry32 as rng } from "../test/support/random.js";

/** Owner names the generated lines use (a scratch root gets passwd and group entries for them). */
export const OWNER_NAMES = ["root", "daemon", "nobody", "systemd-journal", "adm", "www-data", "postgres", "svc"];

/** Line templates; `@` is replaced by a number that makes the path unique. */
const TEMPLATES = [
  "d /run/app@ 0755 root root -",
  "d /var/lib/app@ 0750 svc svc -",
  "D /var/cache/app@ 0755 daemon daemon 10d",
  "d /var/tmp/app@ 1777 root root 30d",
  "e /var/tmp/app@/spool - - - ~7d",
  "f /run/app@.pid 0644 root root -",
  "f+ /etc/app@/defaults.conf 0644 root root - key=value",
  "w /sys/kernel/app@/param - - - - 1",
  "w+ /run/app@/log - - - - line\\n",
  "L /etc/app@/link - - - - /usr/share/app@/link",
  "L+ /run/app@/current - - - - ../releases/%m",
  "C /etc/app@/skel.conf - - - - /usr/share/factory/etc/app@/skel.conf",
  "z /var/log/app@ 2755 root systemd-journal - -",
  "Z /var/log/app@/%m ~2750 root adm - -",
  "a+ /var/log/app@ - - - - d:group:adm:r-x,group:adm:r-x",
  "x /tmp/app@-*",
  "X /var/tmp/app@/keep",
  "r /run/app@.lock",
  "R /var/tmp/app@/old",
  "p /run/app@.fifo 0600 root root -",
  "c /dev/app@ 0660 root root - 10:200",
  "b /dev/appblk@ 0660 root root - 8:16",
  "h /var/lib/app@/immutable - - - - +i",
  "t /var/lib/app@/labelled - - - - user.app=@",
  "q /var/lib/machines@ 0700 root root -",
  "v /var/lib/portables@ 0700 - - -",
  "d %t/app@ 0700 - - -",
  "d /var/lib/app@/www 0750 www-data www-data 1w",
  "d /var/lib/postgres@ 0700 postgres postgres -",
  "f~ /run/app@/blob 0600 root root - aGVsbG8gd29ybGQ=",
];

/** Lines systemd reports: a mistake each (unknown type, bad mode, relative path, /var/run, bad age). */
const MISTAKES = [
  "j /run/bad@ 0755 root root -",
  "d /run/bad@ 0999 root root -",
  "d run/bad@ 0755 root root -",
  "d /var/run/bad@ 0755 root root -",
  "d /run/bad@ 0755 root root 10x",
];

const COMMENTS = [
  "# Runtime state of the application",
  "# See tmpfiles.d(5) for details",
  "#d /run/disabled 0755 root root -",
];

/**
 * Without X lines: systemd-tmpfiles compares every X line with every
 * directory-like item read after it (a loop over all pairs), so the ~3% of X
 * lines in tmpfilesText cost systemd time that grows with the square of the
 * file. Packages' files rarely have X lines; this is the ordinary input.
 */
const ORDINARY_TEMPLATES = TEMPLATES.filter((t) => !t.startsWith("X "));

/** A tmpfiles.d file of `lines` lines (each ending in a newline); `ordinary` leaves out X lines. */
export function tmpfilesText(lines: number, seed = 1, ordinary = false): string {
  const templates = ordinary ? ORDINARY_TEMPLATES : TEMPLATES;
  const r = rng(seed);
  const out: string[] = [];
  let n = 0;
  while (out.length < lines) {
    const x = r();
    if (x < 0.08) out.push(COMMENTS[Math.floor(r() * COMMENTS.length)]!);
    else if (x < 0.12) out.push("");
    else if (x < 0.13) out.push(MISTAKES[Math.floor(r() * MISTAKES.length)]!.replace(/@/g, String(n++)));
    else if (x < 0.14 && n > 10) {
      // The same path as an earlier line, with other settings: systemd drops it.
      out.push(`d /run/app${Math.floor(r() * n)} 0700 root root -`);
    } else out.push(templates[Math.floor(r() * templates.length)]!.replace(/@/g, String(n++)));
  }
  return out.join("\n") + "\n";
}

/** An etc manifest (the list shape) of `entries` entries: links, copies and a few nested targets. */
export function manifestText(entries: number, seed = 1): string {
  const r = rng(seed);
  const list: Record<string, unknown>[] = [];
  for (let i = 0; i < entries; i++) {
    const dir = `pkg${Math.floor(i / 8)}`;
    const target = r() < 0.3 ? `${dir}/conf.d/file${i}.conf` : `${dir}/file${i}`;
    const source = `/nix/store/${((i * 2654435761) >>> 0).toString(32).padStart(7, "0")}-etc-${i}/${target}`;
    if (r() < 0.2)
      list.push({ target, source, mode: "0440", user: r() < 0.5 ? "root" : "+1000", group: "+0", uid: 0, gid: 0 });
    else list.push({ target, source, mode: "symlink", user: "+0", group: "+0", uid: 0, gid: 0 });
  }
  return JSON.stringify(list, null, 1) + "\n";
}
