import { Initial1795622527034 } from './1795622527034-Initial';
import { AdminAuth1795627962819 } from './1795627962819-AdminAuth';
import { AllowedNetworks1795629701958 } from './1795629701958-AllowedNetworks';
import { UsernamesUniqueIgnoringCase1796402081030 } from './1796402081030-UsernamesUniqueIgnoringCase';

/** Every SQLite migration, oldest first. Add each new one here (the drift test fails otherwise). */
export const SQLITE_MIGRATIONS = [
  Initial1795622527034,
  AdminAuth1795627962819,
  AllowedNetworks1795629701958,
  UsernamesUniqueIgnoringCase1796402081030,
];
