import { Initial1795622527034 } from './1795622527034-Initial';

/** Every SQLite migration, oldest first. Add each new one here (the drift test fails otherwise). */
export const SQLITE_MIGRATIONS = [Initial1795622527034];
