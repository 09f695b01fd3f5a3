/** Action results as a charm returns them: nested objects of scalars. */
export interface ActionResults {
  readonly [key: string]: string | number | boolean | ActionResults;
}

/**
 * Flattens nested results into the dotted keys `action-set` expects
 * (`{ a: { b: 1 } }` → `{ 'a.b': '1' }`); Juju rebuilds the nesting when it reports them.
 */
export function flattenActionResults(results: ActionResults): Record<string, string> {
  const flat: Record<string, string> = {};
  const visit = (value: ActionResults, prefix: string): void => {
    for (const [key, child] of Object.entries(value)) {
      const dotted = prefix === '' ? key : `${prefix}.${key}`;
      if (typeof child === 'object') {
        visit(child, dotted);
      } else if (dotted in flat) {
        throw new Error(`cannot flatten action results: duplicate key "${dotted}"`);
      } else {
        flat[dotted] = String(child);
      }
    }
  };
  visit(results, '');
  return flat;
}
