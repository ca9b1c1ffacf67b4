// Errors the GitHub code raises. Each says what to do about it, because the action's log is the only place a
// user sees them, and none carries a token or a request body (bodies may hold plan details).

export type GitHubErrorKind = "permission" | "rate-limit" | "auth" | "too-long" | "unsafe-body" | "api";

export class GitHubError extends Error {
  override name = "GitHubError";
  constructor(
    message: string,
    readonly kind: GitHubErrorKind,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** A 403 that is not a rate limit: the token cannot do this. `permission` names the job permission to add. */
export class GitHubPermissionError extends GitHubError {
  override name = "GitHubPermissionError";
  constructor(
    message: string,
    readonly permission: string | undefined,
  ) {
    super(message, "permission", 403);
  }
}

export class GitHubRateLimitError extends GitHubError {
  override name = "GitHubRateLimitError";
  constructor(
    message: string,
    status: number,
    /** When GitHub said the limit lifts (epoch ms), if it said. */
    readonly resetAt?: number,
  ) {
    super(message, "rate-limit", status);
  }
}

/**
 * Runs `fn` and, when GitHub refuses it for lack of permission, names the permission the job needs. Call
 * sites know what they were doing (commenting on a pull request or on an issue); the transport does not.
 */
export async function needs<T>(permission: string, doing: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof GitHubPermissionError) {
      throw new GitHubPermissionError(
        `GitHub refused to ${doing}: the token lacks the "${permission}" permission; ` +
          `add "${permission}" to the job's permissions (GitHub said: ${error.message})`,
        permission,
      );
    }
    throw error;
  }
}
