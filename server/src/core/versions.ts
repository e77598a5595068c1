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
  /** An argument on a line type that takes none is an error instead of being ignored. */
  argumentOnNoArgumentTypeIsError: 262,
  /** Specifier %D, the shared data directory, is known in paths and arguments. */
  dataDirSpecifier: 262,
  /** The "~" age prefix is refused on r lines. */
  keepFirstLevelRefusedOnR: 262,
} as const;

/**
 * Releases whose reference build logs the /var/run notice only for files
 * below /etc: Debian 12's builds of 252 and 254 (the oracles of those
 * releases) carry Debian's patch that downgrades it to a debug message
 * elsewhere. Every other release, as released upstream and as Debian ships
 * 257 and later, logs it for every file.
 */
export const VAR_RUN_NOTICE_ONLY_BELOW_ETC: ReadonlySet<number> = new Set([252, 254]);

/**
 * Releases that do not know "μs" (U+03BC, Greek small letter mu) as a time
 * unit, only "µs" (U+00B5, the micro sign): the 253 release. 252 (as
 * Debian 12 ships it, with the stable fixes) and 254 onwards know both.
 */
export const GREEK_MU_UNIT_UNKNOWN: ReadonlySet<number> = new Set([253]);
