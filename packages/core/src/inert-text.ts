/**
 * Untrusted text (CI logs, review comments, issue bodies, PR titles) reaches
 * agents through terminals, where a control byte is an action, not text: ^C
 * kills a line-mode reader, ^D ends its input, `ESC[201~` ends a bracketed
 * paste early so the rest is typed as keys. Such text is made inert here
 * before any runtime, file or git command sees it.
 */

/*
 * Escape sequences are removed whole, so their parameters do not survive as
 * stray text. Order matters: strings (OSC, DCS, ...) first, since their body
 * may hold anything up to the terminator; then CSI; then two-byte escapes.
 */
/** OSC, DCS, SOS, PM, APC (7- and 8-bit introducers) up to BEL or ST (ESC \ or 0x9c). */
const STRING_SEQUENCE = /(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)/g;
/** CSI (ESC [ or 8-bit 0x9b): parameter bytes, intermediate bytes, one final byte. */
const CSI_SEQUENCE = /(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]/g;
/** Any other escape: ESC, intermediate bytes, one final byte (ESC 7, ESC ( B, ESC c, ...). */
const OTHER_ESCAPE = /\x1b[\x20-\x2f]*[\x30-\x7e]/g;
/** Every C0 control but tab and newline, DEL, and every C1 control. */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/**
 * Strip terminal control from untrusted text: escape sequences whole
 * (CSI, OSC, DCS and the rest, 7- and 8-bit), then every remaining C0
 * control except newline and tab, DEL and C1. `\r\n` and a lone `\r`
 * become `\n`, so line structure survives. Pure and idempotent; text
 * without control characters is returned unchanged.
 */
export function inertText(text: string): string {
  if (!/[\x00-\x08\x0b-\x1f\x7f-\x9f]/.test(text)) return text;
  return text
    .replace(STRING_SEQUENCE, "")
    .replace(CSI_SEQUENCE, "")
    .replace(OTHER_ESCAPE, "")
    .replace(/\r\n?/g, "\n")
    .replace(CONTROL, "");
}
