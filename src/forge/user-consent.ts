/**
 * Forge's consent refusal: an `asUser()` request for a user who has not allowed the app to act for them is refused
 * by the platform's proxy (`forge-proxy-error: NEEDS_AUTHENTICATION_ERR`), and @forge/api throws
 * `NeedsAuthenticationError`. A resolver must let it escape: the platform then shows the user Jira's "Allow access"
 * prompt. Retrying cannot help (nothing changes until the user answers the prompt), and turning it into a resolver
 * error would hide the prompt behind a message the user cannot act on.
 */

/** The `name` of @forge/api's NeedsAuthenticationError (the package does not export the constant itself). */
export const NEEDS_AUTHENTICATION_ERR = 'NEEDS_AUTHENTICATION_ERR';

/**
 * Whether `error` is Forge's consent refusal (by name, so a copy of @forge/api bundled twice still matches).
 *
 * @example
 * needsUserConsent(new NeedsAuthenticationError('Authentication Required', 'atlassian-token-service-key')) //=> true
 * needsUserConsent(new Error('socket hang up')) //=> false
 */
export function needsUserConsent(error: unknown): boolean {
  return error instanceof Error && error.name === NEEDS_AUTHENTICATION_ERR;
}
