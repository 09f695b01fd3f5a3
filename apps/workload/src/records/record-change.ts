/**
 * `present` publishes a value, `cleanup` withdraws it, and `update` (acme-dns's) publishes it as
 * the newest value at its name and withdraws every other value but the newest one before it.
 */
export type ChangeKind = 'present' | 'cleanup' | 'update';

/** One request's change: publish or withdraw one TXT value at one name. */
export interface RecordChange {
  readonly kind: ChangeKind;
  /** Absolute, lower-case, without the final dot: `_acme-challenge.www.example.com`. */
  readonly name: string;
  /** Base64url characters only (checked before it gets here, and again by the zone module). */
  readonly value: string;
  readonly username: string;
}

export type ChangeOutcome =
  /** Written and pushed in commit `commit`. */
  | { readonly status: 'applied'; readonly zone: string; readonly commit: string }
  /** Already as asked: the value was there (present) or absent (cleanup). */
  | { readonly status: 'unchanged'; readonly zone: string }
  | { readonly status: 'zone_not_found'; readonly candidates: readonly string[] }
  | { readonly status: 'zone_invalid'; readonly zone: string; readonly reason: string };
