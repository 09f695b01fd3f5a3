/**
 * Pebble layer documents, spelled as on the wire (kebab-case keys), so a layer reads like the
 * YAML in Pebble's layer specification.
 */

/** How an item combines with one of the same name in earlier layers. */
export type Override = 'merge' | 'replace';

/** What Pebble does when a service exits or a check fails. */
export type ServiceAction =
  'restart' | 'shutdown' | 'failure-shutdown' | 'success-shutdown' | 'ignore';

/** How a service or an exec check runs its command: environment, user and group, directory. */
export interface ProcessSpec {
  environment?: Record<string, string>;
  user?: string;
  'user-id'?: number;
  group?: string;
  'group-id'?: number;
  'working-dir'?: string;
}

/** A service in a layer. */
export interface ServiceSpec extends ProcessSpec {
  override: Override;
  summary?: string;
  description?: string;
  startup?: 'enabled' | 'disabled';
  /** The command line, split like a shell would (no shell runs it). */
  command?: string;
  after?: string[];
  before?: string[];
  requires?: string[];
  'on-success'?: ServiceAction;
  'on-failure'?: ServiceAction;
  'on-check-failure'?: Record<string, ServiceAction>;
  'backoff-delay'?: string;
  'backoff-factor'?: number;
  'backoff-limit'?: string;
  'kill-delay'?: string;
}

/** A health check in a layer; exactly one of `http`, `tcp`, `exec`. */
export interface CheckSpec {
  override: Override;
  level?: 'alive' | 'ready';
  startup?: 'enabled' | 'disabled';
  period?: string;
  timeout?: string;
  threshold?: number;
  http?: { url?: string; headers?: Record<string, string> };
  tcp?: { port?: number; host?: string };
  exec?: ProcessSpec & { command?: string; 'service-context'?: string };
}

/** A log forwarding target in a layer. */
export interface LogTargetSpec {
  override: Override;
  type?: 'loki' | 'opentelemetry' | 'syslog';
  location?: string;
  services?: string[];
  labels?: Record<string, string>;
}

/** A layer, as added with `POST /v1/layers`. */
export interface Layer {
  summary?: string;
  description?: string;
  services?: Record<string, ServiceSpec>;
  checks?: Record<string, CheckSpec>;
  'log-targets'?: Record<string, LogTargetSpec>;
}

/** The combined plan of all layers, as `GET /v1/plan` returns it. */
export type Plan = Layer;
