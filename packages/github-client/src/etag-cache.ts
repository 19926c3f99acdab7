/** One cached GET answer. */
interface Cached {
  etag: string;
  data: unknown;
}

const MAX_ENTRIES = 2_000;

/**
 * Conditional-request cache for GETs: the last ETag and body per URL (and
 * credential, since answers depend on who asks). A 304 answers from here and
 * costs no rate limit. Bounded: the oldest entries go first.
 */
export class EtagCache {
  private readonly entries = new Map<string, Cached>();

  get(key: string): Cached | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      // Refresh recency.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, etag: string, data: unknown): void {
    this.entries.delete(key);
    this.entries.set(key, { etag, data });
    if (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
