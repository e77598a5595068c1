/**
 * The extension's settings (`tmpfiles.*`), validated by one zod schema.
 * Each setting is checked on its own: a bad value gets a message that says
 * what is wrong and which value is used instead, and the other settings
 * keep their values.
 */
import * as z from "zod/mini";
import { NEWEST_VERSION, OLDEST_VERSION } from "../core/versions.js";

const release = z.int().check(z.minimum(OLDEST_VERSION), z.maximum(NEWEST_VERSION));

const settingsSchema = z.object({
  /** A release from 252 to 262, or "auto" (the systemd-tmpfiles on PATH). Digits in a string are read as a number. */
  systemdVersion: z._default(
    z.union([
      z.literal("auto"),
      release,
      z.pipe(
        z.pipe(
          z.string().check(z.regex(/^\s*\d+\s*$/)),
          z.transform((s: string) => Number(s.trim())),
        ),
        release,
      ),
    ]),
    "auto",
  ),
  /**
   * What user and group names are checked against: "target" (the default),
   * the /etc/passwd and /etc/group of the machine the files are for (this
   * one, or tmpfiles.remote.host), an unknown name a warning; "none", not
   * checked; or passwd and group files, an unknown name an error.
   */
  userDatabase: z._default(
    z.union([
      z.literal("target"),
      z.literal("none"),
      z.strictObject({
        passwd: z.optional(z.string().check(z.minLength(1))),
        group: z.optional(z.string().check(z.minLength(1))),
      }),
    ]),
    "target",
  ),
  /** The host dry-runs run on (used by the client; validated here so a bad value is reported once). */
  remote: z._default(
    z.object({
      host: z._default(z.string().check(z.regex(/^([^-\s][^\s]*)?$/)), ""),
      sshConfig: z._default(z.string(), ""),
    }),
    { host: "", sshConfig: "" },
  ),
});

export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

const KEYS = Object.keys(settingsSchema.shape) as (keyof Settings)[];

const EXPECTED: Record<keyof Settings, string> = {
  systemdVersion: `"auto" or a release from ${OLDEST_VERSION} to ${NEWEST_VERSION}`,
  userDatabase: '"target", "none", or an object {"passwd": "FILE", "group": "FILE"}',
  remote: 'a host name or user@host, without spaces, not starting with "-"',
};

function settingName(key: keyof Settings): string {
  return key === "remote" ? "tmpfiles.remote.host" : `tmpfiles.${key}`;
}

function show(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

export interface ReadSettings {
  settings: Settings;
  /** One message per bad setting. */
  problems: string[];
}

/** Validates what the client sent for the `tmpfiles` section; never throws. */
export function readSettings(raw: unknown): ReadSettings {
  const obj = raw !== null && typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const problems: string[] = [];
  if (raw !== null && raw !== undefined && obj !== raw)
    problems.push(`The tmpfiles settings are ${show(raw)}, not an object; the defaults are used.`);
  const out: Record<string, unknown> = {};
  for (const key of KEYS) {
    const value = obj[key] === null ? undefined : obj[key];
    const r = settingsSchema.shape[key].safeParse(value);
    if (r.success) out[key] = r.data;
    else {
      out[key] = DEFAULT_SETTINGS[key];
      const shown = key === "remote" && value && typeof value === "object" ? (value as { host?: unknown }).host : value;
      problems.push(
        `${settingName(key)} is ${show(shown)}: it must be ${EXPECTED[key]}; ${show(key === "remote" ? DEFAULT_SETTINGS.remote.host : DEFAULT_SETTINGS[key])} is used instead.`,
      );
    }
  }
  return { settings: out as Settings, problems };
}
