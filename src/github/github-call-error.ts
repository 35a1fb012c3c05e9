/** A GitHub API call that failed, with what GitHub answered. */
export class GitHubCallError extends Error {
  override name = 'GitHubCallError';
  constructor(
    message: string,
    /** The HTTP status; 0 when no answer came (network error, timeout). */
    readonly status: number,
    /** `retry-after` in milliseconds, when GitHub sent one. */
    readonly retryAfterMs: number | null = null,
    readonly cause?: unknown,
  ) {
    super(message);
  }

  /** Whether trying again later may succeed: no answer, 5xx, rate limits (403 with retry-after, 429). */
  get transient(): boolean {
    return (
      this.status === 0 ||
      this.status >= 500 ||
      this.status === 429 ||
      (this.status === 403 && this.retryAfterMs !== null)
    );
  }
}
