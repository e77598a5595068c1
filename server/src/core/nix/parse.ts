// A .nix file read into a syntax tree (Lezer), for finding the tmpfiles.d
// rules in it. The parser never throws: code it cannot read becomes error
// nodes, and the rest of the tree is still there.
import type { SyntaxNode, Tree } from "@lezer/common";
import { parser } from "./grammar/parser.js";

export type { SyntaxNode, Tree };

export function parseNix(text: string): Tree {
  return parser.parse(text);
}

/** The named children of a node, in order (error nodes included). */
export function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) out.push(child);
  return out;
}
