/** The parameters of the requests the server takes, checked (zod) before a handler reads them. */
import { ErrorCodes, ResponseError } from "vscode-languageserver/node";
import * as z from "zod/mini";
import { en } from "zod/locales";

// zod/mini leaves the wording of its messages out unless asked: the errors of bad requests say what was expected.
z.config(en());

const uri = z.string().check(z.minLength(1));
const lineOrCharacter = z.int().check(z.minimum(0));
const position = z.object({ line: lineOrCharacter, character: lineOrCharacter });
export const textDocumentParams = z.object({ textDocument: z.object({ uri }) });
export const positionParams = z.object({ textDocument: z.object({ uri }), position });
export const rangeParams = z.object({
  textDocument: z.object({ uri }),
  range: z.object({ start: position, end: position }),
  context: z.optional(z.object({ only: z.optional(z.array(z.string())) })),
});
export const semanticTokensDeltaParams = z.object({ textDocument: z.object({ uri }), previousResultId: z.string() });
export const semanticTokensRangeParams = z.object({
  textDocument: z.object({ uri }),
  range: z.object({ start: position, end: position }),
});
export const generateParams = z.object({ uri, staticDir: z.optional(z.string()) });
export const planParams = z.object({
  old: z.union([z.object({ uri }), z.object({ text: z.string(), fileName: z.optional(z.string()) })]),
  new: z.object({ uri }),
  staticDir: z.optional(z.string()),
});
export const statusParams = z.nullable(z.optional(z.object({ uri: z.optional(z.string()) })));
export const targetFactsParams = z.object({
  host: z.string().check(z.minLength(1)),
  release: z.optional(
    z.object({ release: z.optional(z.int()), executable: z.optional(z.string()), problem: z.optional(z.string()) }),
  ),
  users: z.optional(z.array(z.string())),
  groups: z.optional(z.array(z.string())),
  userDatabaseProblem: z.optional(z.string()),
});

export function validated<T>(schema: z.ZodMiniType<T>, params: unknown): T {
  const r = schema.safeParse(params);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      `Invalid parameters${issue ? ` at ${issue.path.join(".") || "the top"}: ${issue.message}` : ""}.`,
    );
  }
  return r.data;
}
