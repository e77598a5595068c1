/**
 * The argument of k and K lines (systemd 261 and later): file capabilities
 * in a text form like setcap's, with an extra "rootuid=N" word for the root
 * user of a user namespace.
 *
 * A clause is a comma-separated list of capabilities (names in any case,
 * numbers, or "all"; the list may be empty), one operator "=", "+" or "-",
 * then flags from "e", "i" and "p". Clauses are separated by white space.
 */

const CAPABILITY_NAMES = [
  "cap_chown",
  "cap_dac_override",
  "cap_dac_read_search",
  "cap_fowner",
  "cap_fsetid",
  "cap_kill",
  "cap_setgid",
  "cap_setuid",
  "cap_setpcap",
  "cap_linux_immutable",
  "cap_net_bind_service",
  "cap_net_broadcast",
  "cap_net_admin",
  "cap_net_raw",
  "cap_ipc_lock",
  "cap_ipc_owner",
  "cap_sys_module",
  "cap_sys_rawio",
  "cap_sys_chroot",
  "cap_sys_ptrace",
  "cap_sys_pacct",
  "cap_sys_admin",
  "cap_sys_boot",
  "cap_sys_nice",
  "cap_sys_resource",
  "cap_sys_time",
  "cap_sys_tty_config",
  "cap_mknod",
  "cap_lease",
  "cap_audit_write",
  "cap_audit_control",
  "cap_setfcap",
  "cap_mac_override",
  "cap_mac_admin",
  "cap_syslog",
  "cap_wake_alarm",
  "cap_block_suspend",
  "cap_audit_read",
  "cap_perfmon",
  "cap_bpf",
  "cap_checkpoint_restore",
] as const;

export interface CapabilityProblem {
  at: number;
  length: number;
  message: string;
}

/** Highest capability number systemd accepts in place of a name. */
const MAX_CAPABILITY_NUMBER = 62;

function capabilityNumber(s: string): number | undefined {
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) return parseInt(s.slice(2), 16);
  if (/^0[0-7]*$/.test(s)) return parseInt(s, 8);
  if (/^[1-9][0-9]*$/.test(s)) return Number(s);
  return undefined;
}

function clauseProblem(w: string): string | undefined {
  const opAt = w.search(/[=+-]/);
  if (opAt === -1) return `'${w}' has no operator (=, + or -)`;
  const list = w.slice(0, opAt);
  for (const item of list.split(",")) {
    if (item === "" || item === "all") continue;
    if (/^[0-9]/.test(item)) {
      const n = capabilityNumber(item);
      if (n === undefined || n > MAX_CAPABILITY_NUMBER)
        return `'${item}' is not a capability number (0 to ${MAX_CAPABILITY_NUMBER})`;
    } else if (!(CAPABILITY_NAMES as readonly string[]).includes(item.toLowerCase()))
      return `'${item}' is not a capability`;
  }
  if (list !== "" && list.split(",").every((i) => i === "")) return `'${list}' names no capability`;
  for (const c of w.slice(opAt + 1)) {
    if (c !== "e" && c !== "i" && c !== "p") return `'${c}' after '${w[opAt]}' is not a capability flag (e, i, p)`;
  }
  return undefined;
}

/**
 * Words of the argument: white space separates them, quotes group and are
 * removed (an unclosed quote runs to the end), backslashes stay as written.
 */
function capabilityWords(arg: string): { word: string; at: number; length: number }[] {
  const out: { word: string; at: number; length: number }[] = [];
  let i = 0;
  while (i < arg.length) {
    while (i < arg.length && " \t\n\r".includes(arg[i]!)) i++;
    if (i >= arg.length) break;
    const start = i;
    let word = "";
    let quote: string | undefined;
    while (i < arg.length) {
      const c = arg[i]!;
      if (quote) {
        if (c === quote) quote = undefined;
        else word += c;
      } else if (c === '"' || c === "'") quote = c;
      else if (" \t\n\r".includes(c)) break;
      else word += c;
      i++;
    }
    out.push({ word, at: start, length: i - start });
  }
  return out;
}

/** The first problem in a capability argument, or undefined when it reads. */
export function checkCapabilities(arg: string): CapabilityProblem | undefined {
  for (const { word, at, length } of capabilityWords(arg)) {
    if (word.startsWith("rootuid=")) {
      const id = word.slice(8);
      const n = /^(0|[1-9][0-9]*)$/.test(id) ? Number(id) : NaN;
      if (!(n <= 0xffffffff) || n === 0xffffffff || n === 0xffff)
        return { at, length, message: `'${word}' needs a valid numeric user id` };
      continue;
    }
    const p = clauseProblem(word);
    if (p) return { at, length, message: p };
  }
  return undefined;
}
