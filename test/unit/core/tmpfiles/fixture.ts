/** Fixtures with a `|` cursor: the text without it and the cursor's offset. */
export function withCursor(fixture: string): { text: string; offset: number } {
  const offset = fixture.indexOf("|");
  if (offset < 0) throw new Error(`no | cursor in ${JSON.stringify(fixture)}`);
  return { text: fixture.slice(0, offset) + fixture.slice(offset + 1), offset };
}
