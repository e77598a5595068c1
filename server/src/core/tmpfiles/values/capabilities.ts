/**
 * The argument of k and K lines (systemd 261 and later): file capabilities
 * in the text form of cap_from_text(3), with systemd's extra "rootuid=N"
 * word for the root user of a user namespace.
 *
 * A clause is a list of capabilities (names, numbers, or "all"; the list may
 * be empty before "="), then one or more operators "=", "+" or "-" each
 * followed by flags from "e", "i" and "p". Clauses are separated by white space.
 */

export const CAPABILITY_NAMES = [
  "cap_chown", "cap_dac_override", "cap_dac_read_search", "cap_fowner", "cap_fsetid", "cap_kill", "cap_setgid", "cap_setuid",
  "cap_setpcap", "cap_linux_immutable", "cap_net_bind_service", "cap_net_broadcast", "cap_net_admin", "cap_net_raw", "cap_ipc_lock",
  "cap_ipc_owner", "cap_sys_module", "cap_sys_rawio", "cap_sys_chroot", "cap_sys_ptrace", "cap_sys_pacct", "cap_sys_admin", "cap_sys_boot",
  "cap_sys_nice", "cap_sys_resource", "cap_sys_time", "cap_sys_tty_config", "cap_mknod", "cap_lease", "cap_audit_write", "cap_audit_control",
  "cap_setfcap", "cap_mac_override", "cap_mac_admin", "cap_syslog", "cap_wake_alarm", "cap_block_suspend", "cap_audit_read", "cap_perfmon",
  "cap_bpf", "cap_checkpoint_restore",
] as const;

const NAME_CHAR = /[A-Za-z0-9_]/;

export interface CapabilityProblem {
  at: number;
  length: number;
  message: string;
}

function clauseProblem(s: string): string | undefined {
  let i = 0;
  let listed = false;
  if (NAME_CHAR.test(s[i] ?? "")) {
    for (;;) {
      let j = i;
      while (j < s.length && NAME_CHAR.test(s[j]!)) j++;
      const name = s.slice(i, j).toLowerCase();
      if (/^[0-9]/.test(name)) {
        const n = /^(0x[0-9a-f]+|0[0-7]*|[1-9][0-9]*)$/.test(name) ? Number(name.startsWith("0x") ? name : name.length > 1 && name.startsWith("0") ? parseInt(name, 8) : name) : NaN;
        if (!(n >= 0 && n < 64)) return `'${s.slice(i, j)}' is not a capability number`;
      } else if (name !== "all" && !(CAPABILITY_NAMES as readonly string[]).includes(name)) {
        return `'${s.slice(i, j)}' is not a capability`;
      }
      i = j;
      if (s[i] !== ",") break;
      i++;
      if (!NAME_CHAR.test(s[i] ?? "")) return "a ',' must be followed by a capability";
    }
    listed = true;
  } else if (s[i] === "+" || s[i] === "-") return "'+' and '-' need a list of capabilities before them";
  let op = s[i++];
  if (op === "=" && (s[i] === "+" || s[i] === "-")) {
    if (!listed) return "'=+' and '=-' need a list of capabilities before them";
    op = s[i++];
  } else if (op !== "=" && op !== "+" && op !== "-") return `'${s}' has no operator (=, + or -)`;
  while (i < s.length) {
    const c = s[i++]!;
    if (c === "e" || c === "i" || c === "p") continue;
    if (c === "+" || c === "-") {
      if (!listed) return "'+' and '-' need a list of capabilities before them";
      continue;
    }
    return `'${c}' is not a capability flag (e, i, p)`;
  }
  return undefined;
}

/** The first problem in a capability argument, or undefined when it reads. */
export function checkCapabilities(arg: string): CapabilityProblem | undefined {
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(arg))) {
    const word = m[0];
    if (word.startsWith("rootuid=")) {
      if (!/^(0|[1-9][0-9]*)$/.test(word.slice(8)) || Number(word.slice(8)) > 0xfffffffe) return { at: m.index, length: word.length, message: `'${word}' needs a numeric user id` };
      continue;
    }
    const p = clauseProblem(word);
    if (p) return { at: m.index, length: word.length, message: p };
  }
  return undefined;
}
