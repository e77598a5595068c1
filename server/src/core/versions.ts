/** The systemd releases whose tmpfiles.d rules the project knows. */
export const OLDEST_VERSION = 252;
export const NEWEST_VERSION = 262;

export function isKnownVersion(v: number): boolean {
  return Number.isInteger(v) && v >= OLDEST_VERSION && v <= NEWEST_VERSION;
}

/**
 * Release boundaries of the parsing rules that changed between 252 and the
 * newest release. Each value is the first release with the behaviour.
 */
export const SINCE = {
  /** C escapes (\n, \x41, …) are decoded in the first six fields; before, a backslash only quoted the next character. */
  escapesInFields: 254,
  /** Specifiers %A, %M and %q are known in paths and arguments. */
  imageSpecifiers: 257,
  /** The "$" modifier marks lines for --purge. */
  purgeModifier: 257,
  /** The "?" modifier on L lines. */
  ignoreIfTargetMissingModifier: 257,
  /** The /var/run notice is logged for every file (Debian's earlier builds log it only for files below /etc). */
  varRunNoticeEverywhere: 257,
  /** An argument on a line type that takes none is an error instead of being ignored. */
  argumentOnNoArgumentTypeIsError: 262,
  /** The "~" age prefix is refused on r lines. */
  keepFirstLevelRefusedOnR: 262,
} as const;
