import { parser } from "@replit/codemirror-lang-nix";
import { readFileSync } from "node:fs";
for (const f of process.argv.slice(2)) {
  const src = readFileSync(f, "utf8");
  const t0 = performance.now();
  const tree = parser.parse(src);
  const ms = performance.now() - t0;
  let errs = 0, first = -1;
  tree.iterate({ enter(n) { if (n.type.isError) { errs++; if (first < 0) first = n.from; } } });
  console.log(f, src.length, "chars", ms.toFixed(1), "ms", "errors", errs, first >= 0 ? JSON.stringify(src.slice(first - 30, first + 10)) : "");
  if (src.length < 200) console.log(tree.toString());
}
