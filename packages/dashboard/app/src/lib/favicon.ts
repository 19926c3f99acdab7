/**
 * The tab shows how many sessions need the human: in the title, and as a
 * badge drawn into an SVG favicon (a data URL, so nothing is fetched).
 */
export function showNeedsHuman(count: number, page: string): void {
  document.title = count > 0 ? `(${count}) ${page} · ao` : `${page} · ao`;
  const label = count > 99 ? "99+" : String(count);
  const fill = count > 0 ? "#c2410c" : "#475569";
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">` +
    `<rect width="32" height="32" rx="7" fill="${fill}"/>` +
    `<text x="16" y="22" font-family="system-ui,sans-serif" font-size="${label.length > 2 ? 12 : 17}" ` +
    `font-weight="700" text-anchor="middle" fill="#fff">${count > 0 ? label : "ao"}</text></svg>`;
  let link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
  if (!link) {
    link = document.createElement("link");
    link.rel = "icon";
    document.head.append(link);
  }
  link.type = "image/svg+xml";
  link.href = `data:image/svg+xml,${encodeURIComponent(svg)}`;
}
