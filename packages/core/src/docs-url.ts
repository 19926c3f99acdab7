/** Where the documentation is published: hints and generated files link here, since docs/ is not in the packages. */
export const DOCS_BASE_URL = "https://github.com/ao-dev/ao/blob/main/docs";

/** The URL of a page of the documentation (`configuration.md`), with an optional `#anchor`. */
export function docsUrl(page: string, anchor?: string): string {
  return `${DOCS_BASE_URL}/${page}${anchor ? `#${anchor}` : ""}`;
}
