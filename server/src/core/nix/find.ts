// Where a .nix file sets tmpfiles.d rules: the string elements of lists bound
// to `systemd.tmpfiles.rules`, and the entries of `systemd.tmpfiles.settings`,
// however the attribute path is split between nested sets and whatever
// module wrappers (lib.mkIf, mkMerge, mkBefore, …) stand between them; the
// string a `map`-like function makes of every item (its body) is a rule too.
// `containers.<name>.config.systemd.tmpfiles` is a container's own, and
// `boot.initrd.systemd.tmpfiles` the initrd's.
import { childrenOf, type SyntaxNode, type Tree } from "./parse.js";
import { fieldValue } from "./settingsPriority.js";
import { decodeString, type DecodedString } from "./strings.js";

/** A value not known until Nix evaluates it: an expression that is not a plain string. */
interface UnknownValue {
  from: number;
  to: number;
}

export type NixValue = { kind: "string"; string: DecodedString } | { kind: "unknown"; expr: UnknownValue };

interface RuleString {
  /** The systemd-tmpfiles run the rule is for: "" for the machine, `containers.<name>` for a NixOS container, "initrd" for the initrd. */
  scope: string;
  /** mkBefore 500, plain 1000, mkAfter 1500 (mkOrder N): NixOS sorts definitions by it. */
  order: number;
  /** The definition of the option it is part of (index into FoundRules.definitions). */
  definition: number;
  string: DecodedString;
}

/** The priority of a definition that no mkOverride sets (lib/modules.nix defaultOverridePriority). */
const DEFAULT_PRIORITY = 100;
/** The priority each named override gives (lib/modules.nix); mkOverride N gives N. */
const OVERRIDE_PRIORITIES: Partial<Record<string, number>> = {
  mkVMOverride: 10,
  mkForce: 50,
  mkImageMediaOverride: 60,
  mkDefault: 1000,
  mkOptionDefault: 1500,
};

/**
 * A definition of `systemd.tmpfiles.rules` as the module system counts
 * them: each bind, each element of an mkMerge, past the mkIf wrappers.
 */
export interface RulesDefinition {
  scope: string;
  /** The lower wins; "unknown" when it is not written as a number. */
  priority: number | "unknown";
  /** The mkIf and optionalAttrs applications it is under (by offset): it is defined only when they hold. */
  conditions: number[];
  /** Its value past the wrappers. */
  from: number;
  to: number;
}

/** What is known of a definition while its wrappers are read, outside in. */
interface DefinitionContext {
  scope: string;
  order: number;
  /** Set by the outermost override (or an mkOrder, which hides an override inside it). */
  priority?: number | "unknown";
  conditions: number[];
  /** Set once the value is reached. */
  definition?: number;
}

export const SETTINGS_FIELDS = ["type", "mode", "user", "group", "age", "argument"] as const;
export type SettingsField = (typeof SETTINGS_FIELDS)[number];

/** One definition of a field of a settings entry: each bind of it, with the priority and conditions its wrappers give. */
export interface FieldDefinition {
  scope: string;
  value: NixValue;
  /** The lower wins; "unknown" for a value not read that sets no priority by its wrappers (its own value may set one). */
  priority: number | "unknown";
  /** The mkIf and optionalAttrs applications it is under (by offset). */
  conditions: number[];
  /** The value past its wrappers. */
  from: number;
  to: number;
}

export interface SettingsEntry {
  scope: string;
  name: NixValue;
  path: NixValue;
  /** The attribute name under the path (the type unless `type` is set). */
  typeKey: NixValue;
  /** The attribute that names the type: where text NixOS makes up is reported. */
  anchor: { from: number; to: number };
  /** The value of each field NixOS writes, of those defined (settingsPriority.ts). */
  fields: Partial<Record<SettingsField, NixValue>>;
  /** Every definition of each field, in the order written. */
  definitions: Partial<Record<SettingsField, FieldDefinition[]>>;
}

export interface FoundRules {
  rules: RuleString[];
  settings: SettingsEntry[];
  definitions: RulesDefinition[];
}

/** Wrappers of a definition that keep its value: conditions, priorities and order. */
const KEEPING_WRAPPERS = [
  "mkIf",
  "mkDefault",
  "mkForce",
  "mkOverride",
  "mkOptionDefault",
  "mkVMOverride",
  "mkImageMediaOverride",
  "mkBefore",
  "mkAfter",
  "mkOrder",
];
const SET_WRAPPERS = new Set([...KEEPING_WRAPPERS, "mkMerge", "optionalAttrs"]);
/** Functions that make one element (or list) of a function per item: its body is a rule for every item. */
const MAPPERS = new Set(["map", "mapAttrsToList", "forEach", "concatMap", "imap0", "imap1", "mapAttrsToList'"]);
const LIST_WRAPPERS = new Set([...KEEPING_WRAPPERS, "optionals", "flatten"]);

/** The function an application calls, by its last name (`lib.mkIf` → `mkIf`), and its arguments. */
function application(node: SyntaxNode, text: string): { head: string; args: SyntaxNode[] } | undefined {
  const args: SyntaxNode[] = [];
  let cur = node;
  while (cur.name === "App") {
    const kids = childrenOf(cur);
    if (kids.length !== 2) return undefined;
    args.unshift(kids[1]!);
    cur = kids[0]!;
  }
  if (cur.name === "Identifier") return { head: text.slice(cur.from, cur.to), args };
  if (cur.name === "Select") {
    const path = cur.getChild("AttrPath");
    const last = path?.lastChild;
    if (last?.name === "Identifier") return { head: text.slice(last.from, last.to), args };
  }
  return undefined;
}

/** Nodes are made afresh on each visit: two are the same when they cover the same text as the same kind. */
function same(a: SyntaxNode | null, b: SyntaxNode): boolean {
  return !!a && a.from === b.from && a.to === b.to && a.type === b.type;
}

function isExpression(node: SyntaxNode): boolean {
  return !node.type.isError && node.name !== "AttrPath" && !/^[^A-Za-z]/.test(node.name);
}

class Finder {
  private placeholders = 0;
  readonly next = (): number => ++this.placeholders;
  readonly definitions: RulesDefinition[] = [];
  constructor(private readonly text: string) {}

  /** An attribute name: its text, or a value to be decoded (a string, an interpolation). */
  attr(node: SyntaxNode): NixValue {
    if (node.name === "Identifier") {
      const value = this.text.slice(node.from, node.to);
      const from: number[] = [];
      const to: number[] = [];
      for (let i = 0; i < value.length; i++) {
        from.push(node.from + i);
        to.push(node.from + i + 1);
      }
      return {
        kind: "string",
        string: {
          form: '"',
          value,
          from,
          to,
          kind: value.split("").map(() => "text"),
          interpolations: [],
          contentFrom: node.from,
          contentTo: node.to,
        },
      };
    }
    if (node.name === "String") return { kind: "string", string: decodeString(this.text, node, this.next) };
    return { kind: "unknown", expr: { from: node.from, to: node.to } };
  }

  value(node: SyntaxNode): NixValue {
    const inner = this.unwrap(node);
    if (inner.name === "String" || inner.name === "IndentedString")
      return { kind: "string", string: decodeString(this.text, inner, this.next) };
    return { kind: "unknown", expr: { from: node.from, to: node.to } };
  }

  unwrap(node: SyntaxNode): SyntaxNode {
    let cur = node;
    for (;;) {
      // `let … in x` and `with e; x` are x.
      if ((cur.name === "Let" || cur.name === "With") && cur.lastChild && isExpression(cur.lastChild)) {
        cur = cur.lastChild;
        continue;
      }
      if (cur.name === "Parenthesized") {
        const inner = childrenOf(cur).find(isExpression);
        if (!inner) return cur;
        cur = inner;
        continue;
      }
      const app = cur.name === "App" ? application(cur, this.text) : undefined;
      if (app && SET_WRAPPERS.has(app.head) && app.head !== "mkMerge" && app.args.length > 0) {
        cur = app.args[app.args.length - 1]!;
        continue;
      }
      return cur;
    }
  }

  /** The attribute path a Bind sets, from the root of the module (undefined inside `let`). */
  fullPath(bind: SyntaxNode, wrappers?: SyntaxNode[]): SyntaxNode[] | undefined {
    let segs = this.ownPath(bind);
    let cur: SyntaxNode = bind.parent!;
    if (cur.name !== "AttrSet") return undefined;
    for (;;) {
      let p = cur.parent;
      if (!p) return segs;
      if (p.name === "RecAttrSet") {
        cur = p;
        p = cur.parent;
        if (!p) return segs;
      }
      if (p.name === "Parenthesized") {
        cur = p;
        continue;
      }
      if (p.name === "List" && p.parent?.name === "App") {
        const app = application(p.parent, this.text);
        if (app?.head === "mkMerge" && same(p.parent.lastChild, p)) {
          cur = p.parent;
          continue;
        }
        return undefined;
      }
      if (p.name === "App" && same(p.lastChild, cur)) {
        let top = p;
        while (top.parent?.name === "App" && same(top.parent.lastChild, top)) top = top.parent;
        const app = application(top, this.text);
        if (app && SET_WRAPPERS.has(app.head)) {
          wrappers?.push(top);
          cur = top;
          continue;
        }
        return segs;
      }
      if (p.name === "Bind" && same(p.lastChild, cur)) {
        segs = [...this.ownPath(p), ...segs];
        cur = p.parent!;
        if (cur.name !== "AttrSet") return undefined;
        continue;
      }
      return segs;
    }
  }

  ownPath(bind: SyntaxNode): SyntaxNode[] {
    const path = bind.getChild("AttrPath");
    return path
      ? childrenOf(path).filter((n) => n.name === "Identifier" || n.name === "String" || n.name === "Interpolation")
      : [];
  }

  /** A definition's context once a wrapper the module system reads is read (outside in): a condition, a priority, an order. */
  wrapped(ctx: DefinitionContext, app: { head: string; args: SyntaxNode[] }, node: SyntaxNode): DefinitionContext {
    if (ctx.definition !== undefined) return ctx;
    if (app.head === "mkIf" || app.head === "optionalAttrs")
      return { ...ctx, conditions: [...ctx.conditions, node.from] };
    // Only the outermost override counts: the module system reads the priority of the value mkIf and mkMerge leave.
    if (ctx.priority !== undefined) return ctx;
    const fixed = OVERRIDE_PRIORITIES[app.head];
    if (fixed !== undefined) return { ...ctx, priority: fixed };
    if (app.head === "mkOverride") {
      const n = app.args.length === 2 && app.args[0]!.name === "Integer" ? app.args[0]! : undefined;
      return { ...ctx, priority: n ? Number(this.text.slice(n.from, n.to)) : "unknown" };
    }
    // An mkOrder outside an override hides it: the value then has the default priority.
    if (app.head === "mkBefore" || app.head === "mkAfter" || app.head === "mkOrder")
      return { ...ctx, priority: DEFAULT_PRIORITY };
    return ctx;
  }

  /** A definition of a settings field: the wrappers of its value read after those of the sets around it (`ctx`). */
  fieldDefinition(node: SyntaxNode, ctx: DefinitionContext): FieldDefinition {
    let cur = node;
    for (;;) {
      const app = cur.name === "App" ? application(cur, this.text) : undefined;
      if (app && KEEPING_WRAPPERS.includes(app.head) && app.args.length > 0) {
        ctx = this.wrapped(ctx, app, cur);
        cur = app.args[app.args.length - 1]!;
      } else if (cur.name === "Parenthesized" && childrenOf(cur).some(isExpression))
        cur = childrenOf(cur).find(isExpression)!;
      else break;
    }
    const value = this.value(node);
    const at = this.unwrap(node);
    return {
      scope: ctx.scope,
      value,
      priority: ctx.priority ?? (value.kind === "string" ? DEFAULT_PRIORITY : "unknown"),
      conditions: ctx.conditions,
      from: at.from,
      to: at.to,
    };
  }

  /** The context with its definition recorded, once its value (past the wrappers) is reached. */
  private defined(
    ctx: DefinitionContext,
    node: SyntaxNode,
    priority = ctx.priority ?? DEFAULT_PRIORITY,
  ): DefinitionContext {
    if (ctx.definition !== undefined) return ctx;
    const definition =
      this.definitions.push({
        scope: ctx.scope,
        priority,
        conditions: ctx.conditions,
        from: node.from,
        to: node.to,
      }) - 1;
    return { ...ctx, definition };
  }

  private rule(ctx: DefinitionContext, node: SyntaxNode, out: RuleString[]): void {
    out.push({
      scope: ctx.scope,
      order: ctx.order,
      definition: ctx.definition!,
      string: decodeString(this.text, node, this.next),
    });
  }

  /** The rule strings of a list expression, through ++, wrappers and mkMerge. */
  listStrings(node: SyntaxNode, ctx: DefinitionContext, out: RuleString[]): void {
    if ((node.name === "Let" || node.name === "With") && node.lastChild && isExpression(node.lastChild)) {
      this.listStrings(node.lastChild, ctx, out);
      return;
    }
    if (node.name === "Parenthesized") {
      const inner = childrenOf(node).find(isExpression);
      if (inner) this.listStrings(inner, ctx, out);
      return;
    }
    if (node.name === "BinaryExpr") {
      const kids = childrenOf(node).filter(isExpression);
      if (kids.length === 2 && this.text.slice(kids[0]!.to, kids[1]!.from).trim() === "++") {
        const inner = this.defined(ctx, node);
        this.listStrings(kids[0]!, inner, out);
        this.listStrings(kids[1]!, inner, out);
      } else this.defined(ctx, node, ctx.priority ?? "unknown");
      return;
    }
    if (node.name === "List") {
      const inner = this.defined(ctx, node);
      for (const el of childrenOf(node))
        if (el.name === "String" || el.name === "IndentedString") this.rule(inner, el, out);
      return;
    }
    const app = node.name === "App" ? application(node, this.text) : undefined;
    if (!app || app.args.length === 0) {
      // A value not read here (a variable, a call): a definition all the same, of a priority known only from its wrappers.
      this.defined(ctx, node, ctx.priority ?? "unknown");
      return;
    }
    const last = app.args[app.args.length - 1]!;
    if (app.head === "mkMerge") {
      // Each element is a definition of its own.
      if (last.name === "List") for (const el of childrenOf(last)) if (isExpression(el)) this.listStrings(el, ctx, out);
      return;
    }
    if (MAPPERS.has(app.head)) {
      const inner = this.defined(ctx, node);
      // The function's body, past its arguments (`n: v: …`), is a rule (or a list of them) for every item.
      for (const arg of app.args) {
        let fn: SyntaxNode | undefined = arg;
        while (fn?.name === "Parenthesized") fn = childrenOf(fn).find(isExpression);
        if (!fn) continue;
        if (fn.name !== "Function") continue;
        let body: SyntaxNode | null = fn;
        while (body?.name === "Function") body = body.lastChild;
        if (!body || !isExpression(body)) continue;
        const value = this.unwrap(body);
        if (value.name === "String" || value.name === "IndentedString") this.rule(inner, value, out);
        else this.listStrings(value, inner, out);
      }
      return;
    }
    if (app.head === "optional") {
      const inner = this.defined(ctx, node);
      const el = this.unwrap(last);
      if (el.name === "String" || el.name === "IndentedString") this.rule(inner, el, out);
      return;
    }
    if (!LIST_WRAPPERS.has(app.head)) {
      this.defined(ctx, node, ctx.priority ?? "unknown");
      return;
    }
    let order = ctx.order;
    if (app.head === "mkBefore") order = 500;
    else if (app.head === "mkAfter") order = 1500;
    else if (app.head === "mkOrder" && app.args.length === 2 && app.args[0]!.name === "Integer")
      order = Number(this.text.slice(app.args[0]!.from, app.args[0]!.to));
    // optionals and flatten make a list: the definition is what they are applied in.
    const inner =
      app.head === "optionals" || app.head === "flatten" ? this.defined(ctx, node) : this.wrapped(ctx, app, node);
    this.listStrings(last, { ...inner, order }, out);
  }
}

function nameOf(text: string, node: SyntaxNode): string | undefined {
  if (node.name === "Identifier") return text.slice(node.from, node.to);
  if (node.name === "String" && !node.getChild("Interpolation")) {
    const raw = text.slice(node.from + 1, node.to - 1);
    return raw.includes("\\") ? undefined : raw;
  }
  return undefined;
}

/** Where an attribute path names `systemd.tmpfiles`: the run it is for, and the index of the segment after it. */
function tmpfilesOption(names: (string | undefined)[]): { scope: string; at: number } | undefined {
  let at = names[0] === "config" ? 1 : 0;
  // A NixOS container's configuration has its own systemd-tmpfiles run.
  let scope = "";
  if (names[at] === "containers" && names[at + 1] !== undefined && names[at + 2] === "config") {
    scope = `containers.${names[at + 1]}`;
    at += 3;
  } else if (names[at] === "boot" && names[at + 1] === "initrd") {
    // boot.initrd.systemd.tmpfiles: read by the initrd's systemd-tmpfiles, before the switch to the real root.
    scope = "initrd";
    at += 2;
  }
  if (names[at] !== "systemd" || names[at + 1] !== "tmpfiles") return undefined;
  return { scope, at: at + 2 };
}

/**
 * The names a bind's attribute path has below `systemd.tmpfiles.settings`
 * (undefined for a name that is not written out), or undefined when it is
 * not below it.
 */
export function settingsPathOf(text: string, bind: SyntaxNode): (string | undefined)[] | undefined {
  const segs = new Finder(text).fullPath(bind);
  const names = segs?.map((s) => nameOf(text, s));
  const where = names && tmpfilesOption(names);
  return where && names[where.at] === "settings" ? names.slice(where.at + 1) : undefined;
}

/** Finds the tmpfiles.d rules that a .nix file sets. */
export function findRules(text: string, tree: Tree): FoundRules {
  const finder = new Finder(text);
  const rules: RuleString[] = [];
  const entries = new Map<string, SettingsEntry>();
  const cursor = tree.cursor();
  const binds: SyntaxNode[] = [];
  do if (cursor.name === "Bind") binds.push(cursor.node);
  while (cursor.next());
  for (const bind of binds) {
    const wrappers: SyntaxNode[] = [];
    const segs = finder.fullPath(bind, wrappers);
    if (!segs) continue;
    const names = segs.map((s) => nameOf(text, s));
    const where = tmpfilesOption(names);
    if (!where) continue;
    const { scope, at } = where;
    const value = bind.lastChild;
    if (!value || !isExpression(value)) continue;
    // The wrappers of the sets around the bind are pushed down to it (lib/modules.nix pushDownProperties), outermost first.
    let ctx: DefinitionContext = { scope, order: 1000, conditions: [] };
    for (const w of wrappers.reverse()) {
      const app = application(w, text);
      if (app) ctx = finder.wrapped(ctx, app, w);
    }
    if (names[at] === "rules" && segs.length === at + 1) {
      finder.listStrings(value, ctx, rules);
      continue;
    }
    if (names[at] !== "settings") continue;
    const rest = segs.slice(at + 1);
    if (rest.length < 3) continue;
    if (rest.length === 3 && finder.unwrap(value).name !== "AttrSet") continue;
    // Entries meet by name; an interpolated name is an entry of its own.
    const key = [scope, ...rest.slice(0, 3).map((s) => nameOf(text, s) ?? `@${s.from}`)].join("\u0000");
    let entry = entries.get(key);
    if (!entry) {
      entry = {
        scope,
        name: finder.attr(rest[0]!),
        path: finder.attr(rest[1]!),
        typeKey: finder.attr(rest[2]!),
        anchor: { from: rest[2]!.from, to: rest[2]!.to },
        fields: {},
        definitions: {},
      };
      entries.set(key, entry);
    }
    if (rest.length === 4) {
      const field = nameOf(text, rest[3]!);
      if (field && (SETTINGS_FIELDS as readonly string[]).includes(field))
        (entry.definitions[field as SettingsField] ??= []).push(finder.fieldDefinition(value, ctx));
    }
  }
  const settings = [...entries.values()];
  for (const e of settings)
    for (const field of SETTINGS_FIELDS) {
      const v = fieldValue(e.definitions[field]);
      if (v) e.fields[field] = v;
    }
  return { rules, settings, definitions: finder.definitions };
}
