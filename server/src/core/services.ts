/** The service of each kind of document (core/service.ts): a new kind is registered here. */
import type { DocumentKind } from "./documentKind.js";
import { manifestService } from "./manifest/service.js";
import { nixService } from "./nix/service.js";
import type { DocumentService } from "./service.js";
import { tmpfilesService } from "./tmpfiles/service.js";

const SERVICES: Record<DocumentKind, DocumentService> = {
  tmpfiles: tmpfilesService,
  manifest: manifestService,
  nix: nixService,
};

export function serviceOf(kind: DocumentKind): DocumentService {
  return SERVICES[kind];
}
