/** Quote one word for a POSIX shell: single quotes, with embedded quotes closed and escaped. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
