export * from './environment';
export * from './juju-context';
export * from './juju-event';
export * from './not-in-juju-error';
export { parseJujuEvent } from './parse-juju-event';
