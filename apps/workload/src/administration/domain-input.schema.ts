import { z } from 'zod';
import { formText } from '../common/input-fields';

/** The admin pages' new-domain form; the name rules are the domain service's. */
export const domainForm = z.object({ fqdn: formText.transform((fqdn) => fqdn.trim()) });
