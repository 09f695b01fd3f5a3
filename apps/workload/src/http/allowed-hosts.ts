/** Whether a `Host` header names a host the service answers to (Django's ALLOWED_HOSTS rules). */
export function isAllowedHost(hostHeader: string | undefined, allowed: readonly string[]): boolean {
  if (allowed.includes('*')) return true;
  if (!hostHeader) return false;
  const lower = hostHeader.toLowerCase();
  const host = lower.startsWith('[')
    ? lower.slice(1, lower.indexOf(']'))
    : lower.replace(/:\d+$/, '').replace(/\.$/, '');
  return allowed.some((pattern) =>
    pattern.startsWith('.')
      ? host === pattern.slice(1) || host.endsWith(pattern)
      : host === pattern,
  );
}
