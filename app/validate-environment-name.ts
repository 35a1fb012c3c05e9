/**
 * Whether a string can be a deployment environment name as shipgate accepts it in commands and
 * events: letters, digits, `.`, `_`, `-` and spaces inside, at most 255 characters, no path parts.
 */
export function isEnvironmentName(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= 255 &&
    /^[A-Za-z0-9](?:[A-Za-z0-9._ -]*[A-Za-z0-9._-])?$/.test(value) &&
    !value.includes('..')
  );
}
