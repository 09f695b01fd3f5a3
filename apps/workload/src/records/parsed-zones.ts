import type { ZoneModel } from './zone-model';

/**
 * Parsed zone files by zone and blob id, so that a batch parses only the zones it has not seen as
 * they are (once after start-up, or after another writer changed them). Keyed by content, an entry
 * is never stale; a batch takes its models out while it edits them in place, and puts back what
 * they became.
 */
export class ParsedZones {
  private readonly models = new Map<string, { readonly blob: string; readonly model: ZoneModel }>();

  has(zone: string, blob: string): boolean {
    return this.models.get(zone)?.blob === blob;
  }

  /** The model of the zone's blob, no longer held here: the caller may edit it. */
  take(zone: string, blob: string): ZoneModel | undefined {
    const entry = this.models.get(zone);
    if (entry?.blob !== blob) return undefined;
    this.models.delete(zone);
    return entry.model;
  }

  put(zone: string, blob: string, model: ZoneModel): void {
    this.models.set(zone, { blob, model });
  }
}
