// The entry point esbuild bundles into dist/charm.js, which `dispatch` runs for every event.
import { main } from '@hlp/juju';

import { CHARM } from './definition';

main(CHARM);
