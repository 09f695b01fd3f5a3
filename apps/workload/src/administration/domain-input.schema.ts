import { z } from 'zod';
import { formText, searchQuery } from '../common/input-fields';
import { MAX_NAME_LENGTH } from '../domains/domain-name';

/** The admin pages' new-domain form; the name rules are the domain service's. */
export const domainForm = z.object({ fqdn: formText.transform((fqdn) => fqdn.trim()) });

/** The domains page's search: as long as a name may be. */
export const domainSearch = searchQuery(MAX_NAME_LENGTH);
