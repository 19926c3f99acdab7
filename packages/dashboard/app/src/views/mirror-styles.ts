/**
 * xterm writes the CSS it computes (cell size, theme colours) into `<style>`
 * elements, which the daemon's `style-src 'self'` blocks, as it should. The
 * same rules through a constructed stylesheet are allowed (the page's own
 * script made them, not markup), so each such element is mirrored into one,
 * kept in step as xterm rewrites it, and dropped when the terminal goes.
 */
export function mirrorInlineStyles(root: HTMLElement): () => void {
  const sheets = new Map<HTMLStyleElement, CSSStyleSheet>();
  const adopt = (sheet: CSSStyleSheet) => {
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  };
  const drop = (gone: Set<CSSStyleSheet>) => {
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => !gone.has(s));
  };
  const sync = () => {
    for (const el of root.querySelectorAll("style")) {
      let sheet = sheets.get(el);
      if (!sheet) {
        sheet = new CSSStyleSheet();
        sheets.set(el, sheet);
        adopt(sheet);
      }
      sheet.replaceSync(el.textContent ?? "");
    }
    const gone = new Set<CSSStyleSheet>();
    for (const [el, sheet] of sheets)
      if (!el.isConnected) {
        sheets.delete(el);
        gone.add(sheet);
      }
    if (gone.size > 0) drop(gone);
  };
  const observer = new MutationObserver(sync);
  observer.observe(root, { childList: true, subtree: true, characterData: true });
  sync();
  return () => {
    observer.disconnect();
    drop(new Set(sheets.values()));
    sheets.clear();
  };
}
