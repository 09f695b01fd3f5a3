import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { load } from 'js-yaml';
import { Metrics } from '../src/metrics/metrics';
import { describeIfInstalled } from './support/requirements';

const COS = join(__dirname, '..', '..', '..', 'charm', 'cos');
const RULES = join(COS, 'prometheus_alert_rules', 'httprequest-lego-provider.rules');
const DASHBOARD = join(COS, 'grafana_dashboards', 'httprequest-lego-provider.json');
const PROMTOOL = '/usr/bin/promtool';

interface Rule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

const rules = (
  load(readFileSync(RULES, 'utf8')) as { groups: { name: string; rules: Rule[] }[] }
).groups.flatMap((group) => group.rules);
const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
  panels: { title: string; targets: { expr: string }[] }[];
};

/** Series names a PromQL expression reads: ours, and the two standard ones the rules use. */
function seriesIn(expr: string): string[] {
  return [...expr.matchAll(/\b(lego_provider_[a-z_]+|process_[a-z_]+|up)\b/g)].map(
    (match) => match[1],
  );
}

/** A histogram named h is read as h_bucket, h_sum and h_count. */
function exported(): Set<string> {
  const names = new Metrics().registry.getMetricsAsArray().map((metric) => metric.name);
  return new Set(names.flatMap((name) => [name, `${name}_bucket`, `${name}_sum`, `${name}_count`]));
}

describe('the alert rules and the dashboard the charm ships', () => {
  it('alert on what the operators asked for, each with a severity and a description', () => {
    expect(rules.map((rule) => rule.alert)).toEqual([
      'HttpreqProviderTargetMissing',
      'HttpreqProviderPushesFailing',
      'HttpreqProviderHighErrorRatio',
      'HttpreqProviderNoRecentPush',
    ]);
    for (const rule of rules) {
      expect(['critical', 'warning']).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary).toBeTruthy();
      expect(rule.annotations?.description).toBeTruthy();
    }
  });

  it('read only metrics the service exports', () => {
    const names = exported();
    const used = [
      ...rules.map((rule) => rule.expr),
      ...dashboard.panels.flatMap((panel) => panel.targets.map((t) => t.expr)),
    ].flatMap(seriesIn);
    expect(used.length).toBeGreaterThan(10);
    for (const name of used) {
      if (name !== 'up')
        expect({ name, exported: names.has(name) }).toEqual({ name, exported: true });
    }
  });

  it('give the dashboard panels for requests, errors, latency, pushes, retries, queue and last push', () => {
    const series = new Set(
      dashboard.panels.flatMap((panel) => panel.targets.flatMap((t) => seriesIn(t.expr))),
    );
    for (const name of [
      'lego_provider_http_requests_total',
      'lego_provider_challenges_total',
      'lego_provider_http_request_duration_seconds_bucket',
      'lego_provider_record_push_duration_seconds_bucket',
      'lego_provider_record_push_retries_total',
      'lego_provider_record_queue_depth',
      'lego_provider_record_last_push_timestamp_seconds',
    ]) {
      expect(series).toContain(name);
    }
  });
});

// promtool (Debian's prometheus package) parses the PromQL itself.
describeIfInstalled('promtool check rules in test/cos-files.spec.ts', { [PROMTOOL]: 'prometheus' })(
  'the alert rules, as Prometheus reads them',
  () => {
    it('pass promtool check rules', async () => {
      const { stdout } = await promisify(execFile)(PROMTOOL, ['check', 'rules', RULES]);
      expect(stdout).toContain('SUCCESS: 4 rules found');
    });
  },
);
