import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { alertRulesFor } from '../../src/relations/alert-rules';

const RULES = readFileSync(
  join(__dirname, '..', '..', 'cos', 'prometheus_alert_rules', 'httprequest-lego-provider.rules'),
  'utf8',
);
const topology = { model: 'dns', modelUuid: '1234', application: 'lego' };
const matchers = 'juju_model="dns",juju_model_uuid="1234",juju_application="lego"';

describe('alertRulesFor', () => {
  const { groups } = alertRulesFor(RULES, topology);
  const [group] = groups;

  it('names the group after the topology and labels every rule with it', () => {
    expect(group.name).toBe('dns_1234_lego_httprequest-lego-provider_alerts');
    for (const rule of group.rules) {
      expect(rule.labels).toMatchObject({
        juju_model: 'dns',
        juju_model_uuid: '1234',
        juju_application: 'lego',
      });
    }
  });

  it('restricts every series selector to this application, keeping its own matchers', () => {
    expect(group.rules[0].expr).toBe(`up{${matchers}} == 0`);
    expect(group.rules[1].expr).toContain(
      `lego_provider_record_batches_total{${matchers},result="failed"}[5m]`,
    );
    for (const rule of group.rules) {
      for (const selector of rule.expr.match(
        /\b(lego_provider_[a-z_]+|up)\b(?!\s*\()(\{[^}]*\})?/g,
      ) ?? []) {
        expect(selector).toContain(matchers);
      }
      expect(rule.expr).not.toContain(`time{`);
    }
  });
});
