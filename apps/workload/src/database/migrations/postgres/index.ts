import { Initial1795622528113 } from './1795622528113-Initial';

/** Every PostgreSQL migration, oldest first. Add each new one here (the drift test fails otherwise). */
export const POSTGRES_MIGRATIONS = [Initial1795622528113];
