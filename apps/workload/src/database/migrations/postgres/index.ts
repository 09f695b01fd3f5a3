import { Initial1795622528113 } from './1795622528113-Initial';
import { AdminAuth1795627967795 } from './1795627967795-AdminAuth';
import { AllowedNetworks1795629704771 } from './1795629704771-AllowedNetworks';
import { UsernamesUniqueIgnoringCase1796402081031 } from './1796402081031-UsernamesUniqueIgnoringCase';
import { RecordPushes1796429463984 } from './1796429463984-RecordPushes';
import { AccountChangeNotices1796438000000 } from './1796438000000-AccountChangeNotices';
import { RecordHandOffs1796450000000 } from './1796450000000-RecordHandOffs';
import { RecordPushObjectIds1796460000000 } from './1796460000000-RecordPushObjectIds';
import { TurnTablesUnlogged1796470000000 } from './1796470000000-TurnTablesUnlogged';
import { RecordPeers1796480000000 } from './1796480000000-RecordPeers';

/** Every PostgreSQL migration, oldest first. Add each new one here (the drift test fails otherwise). */
export const POSTGRES_MIGRATIONS = [
  Initial1795622528113,
  AdminAuth1795627967795,
  AllowedNetworks1795629704771,
  UsernamesUniqueIgnoringCase1796402081031,
  RecordPushes1796429463984,
  AccountChangeNotices1796438000000,
  RecordHandOffs1796450000000,
  RecordPushObjectIds1796460000000,
  TurnTablesUnlogged1796470000000,
  RecordPeers1796480000000,
];
