// The string tokenizers of the Nix grammar (parser.ts is generated from the
// grammar that @replit/codemirror-lang-nix publishes; `npm run nix:grammar`).
// They follow the lexer of Nix itself rather than the grammar's own
// tokenizers, which end an indented string at every `''` and so read `''${`,
// `'''` and `''\n` as the string's end:
// - in "…": `\` escapes the next character, `${` opens an interpolation, and
//   `$${` is text (`$$` never opens one);
// - in ''…'': `''$`, `'''` and `''\` with the next character are escapes, `''`
//   alone ends the string, `${` opens an interpolation, `$${` is text, and a
//   backslash is an ordinary character.
import { ExternalTokenizer, type InputStream } from "@lezer/lr";
import {
  escapeSequence,
  indEscapeSequence,
  indStrContent,
  indStrDollarBrace,
  indStrEnd,
  strContent,
  strDollarBrace,
  strEnd,
} from "./parser.terms";

const QUOTE = 34;
const DOLLAR = 36;
const APOSTROPHE = 39;
const BACKSLASH = 92;
const BRACE = 123;

function advance(input: InputStream, n: number): void {
  for (let i = 0; i < n && input.next >= 0; i++) input.advance();
}

export const scanString = new ExternalTokenizer((input) => {
  for (let length = 0; ;) {
    const c = input.next;
    const special = c < 0 || c === QUOTE || c === BACKSLASH || (c === DOLLAR && input.peek(1) === BRACE);
    if (special && length > 0) return input.acceptToken(strContent);
    if (c < 0) return;
    if (c === QUOTE) return input.acceptToken(strEnd, 1);
    if (c === BACKSLASH) {
      advance(input, 2);
      return input.acceptToken(escapeSequence);
    }
    if (c === DOLLAR && input.peek(1) === BRACE) return input.acceptToken(strDollarBrace, 2);
    const step = c === DOLLAR && input.peek(1) === DOLLAR ? 2 : 1;
    advance(input, step);
    length += step;
  }
});

export const scanIndString = new ExternalTokenizer((input) => {
  for (let length = 0; ;) {
    const c = input.next;
    const quotes = c === APOSTROPHE && input.peek(1) === APOSTROPHE;
    const special = c < 0 || quotes || (c === DOLLAR && input.peek(1) === BRACE);
    if (special && length > 0) return input.acceptToken(indStrContent);
    if (c < 0) return;
    if (quotes) {
      const after = input.peek(2);
      if (after === DOLLAR || after === APOSTROPHE) {
        advance(input, 3);
        return input.acceptToken(indEscapeSequence);
      }
      if (after === BACKSLASH) {
        advance(input, 4);
        return input.acceptToken(indEscapeSequence);
      }
      return input.acceptToken(indStrEnd, 2);
    }
    if (c === DOLLAR && input.peek(1) === BRACE) return input.acceptToken(indStrDollarBrace, 2);
    const step = c === DOLLAR && input.peek(1) === DOLLAR ? 2 : 1;
    advance(input, step);
    length += step;
  }
});
