/**
 * The editor features of a .nix document (core/service.ts): hover and
 * completion inside the strings of its tmpfiles.d rules (features.ts). Its
 * diagnostics carry the source "tmpfiles", apart from a Nix language
 * server's. No outline, tokens or formatting: the file is Nix.
 */
import type { DocumentService, ServiceInput } from "../service.js";
import { nixCompletions, nixHover } from "./features.js";

function open(input: ServiceInput): ReturnType<DocumentService["open"]> {
  const { text, systemdVersion } = input;
  return {
    hover: (offset) => nixHover(text, offset, { systemdVersion }),
    completions(offset) {
      const names = input.names();
      return nixCompletions(text, offset, {
        systemdVersion,
        users: names.users,
        groups: names.groups,
        usersFrom: names.usersFrom,
        groupsFrom: names.groupsFrom,
      });
    },
    symbols: () => [],
  };
}

export const nixService: DocumentService = { kind: "nix", diagnosticSource: "tmpfiles", open };
