export const REDACTED = '[redacted]';

/**
 * A request's URL as logs show it: the path, and the names of its query parameters without their
 * values (a search, a `next` link, a token someone put there). A part without `=` is all value.
 */
export function loggedUrl(url: string): string {
  const mark = url.indexOf('?');
  if (mark < 0) return url;
  const parameters = url
    .slice(mark + 1)
    .split('&')
    .map((part) => {
      const equals = part.indexOf('=');
      if (equals >= 0) return `${part.slice(0, equals)}=${REDACTED}`;
      return part === '' ? '' : REDACTED;
    });
  return `${url.slice(0, mark)}?${parameters.join('&')}`;
}
