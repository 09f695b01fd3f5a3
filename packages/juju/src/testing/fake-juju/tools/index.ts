import { type ToolHandler } from '../tool-call';
import { actionFail, actionGet, actionLog, actionSet } from './action';
import { configGet } from './config';
import { networkGet } from './network';
import { closePort, openPort, openedPorts } from './port';
import { relationGet, relationIds, relationList, relationSet } from './relation';
import {
  secretAdd,
  secretGet,
  secretGrant,
  secretInfoGet,
  secretRemove,
  secretSet,
} from './secret';
import { stateDelete, stateGet, stateSet } from './state';
import { statusGet, statusSet } from './status';
import { applicationVersionSet, isLeader, jujuLog } from './unit';

/** Every fake hook tool, by the name it has on `PATH`. */
export const FAKE_HOOK_TOOLS: Readonly<Record<string, ToolHandler>> = {
  'action-fail': actionFail,
  'action-get': actionGet,
  'action-log': actionLog,
  'action-set': actionSet,
  'application-version-set': applicationVersionSet,
  'close-port': closePort,
  'config-get': configGet,
  'is-leader': isLeader,
  'juju-log': jujuLog,
  'network-get': networkGet,
  'open-port': openPort,
  'opened-ports': openedPorts,
  'relation-get': relationGet,
  'relation-ids': relationIds,
  'relation-list': relationList,
  'relation-set': relationSet,
  'secret-add': secretAdd,
  'secret-get': secretGet,
  'secret-grant': secretGrant,
  'secret-info-get': secretInfoGet,
  'secret-remove': secretRemove,
  'secret-set': secretSet,
  'state-delete': stateDelete,
  'state-get': stateGet,
  'state-set': stateSet,
  'status-get': statusGet,
  'status-set': statusSet,
};
