/** The argument of c and b lines: MAJOR:MINOR. */
import { safeAtou } from "./numbers.js";

export function parseDeviceNumbers(arg: string): { major: number; minor: number } | { problem: string } {
  let n = 0;
  while (n < arg.length && arg[n]! >= "0" && arg[n]! <= "9") n++;
  if (n === 0) return { problem: "must start with the major number" };
  if (n > 20) return { problem: "has a major number that is too long" };
  if (arg[n] !== ":") return { problem: "must be MAJOR:MINOR" };
  const major = safeAtou(arg.slice(0, n), 0, false);
  if (!major.ok) return { problem: "has an invalid major number" };
  const minor = safeAtou(arg.slice(n + 1), 0, false);
  if (!minor.ok)
    return {
      problem: minor.reason === "range" ? "has a minor number that is too large" : "has an invalid minor number",
    };
  if (major.value >= 1 << 12) return { problem: "has a major number above 4095" };
  if (minor.value >= 1 << 20) return { problem: "has a minor number above 1048575" };
  return { major: major.value, minor: minor.value };
}
