import { type Layer } from '../../pebble/layer';
import { PlanStore, combineLayers, parseLayer } from './plan';

const base: Layer = {
  services: {
    app: {
      override: 'replace',
      command: 'app --serve',
      startup: 'enabled',
      after: ['db'],
      environment: { A: '1', B: '2' },
    },
  },
  checks: {
    up: {
      override: 'replace',
      level: 'ready',
      http: { url: 'http://localhost/', headers: { X: '1' } },
    },
  },
};

describe('combining layers like Pebble', () => {
  it('merge: replaces scalars that are set, appends lists, merges maps', () => {
    const plan = combineLayers([
      base,
      {
        services: {
          app: {
            override: 'merge',
            environment: { B: 'two', C: '3' },
            after: ['cache'],
            user: 'app',
          },
        },
        checks: { up: { override: 'merge', http: { headers: { Y: '2' } } } },
      },
    ]);

    expect(plan.services?.app).toEqual({
      override: 'replace',
      command: 'app --serve',
      startup: 'enabled',
      after: ['db', 'cache'],
      environment: { A: '1', B: 'two', C: '3' },
      user: 'app',
    });
    expect(plan.checks?.up?.http).toEqual({
      url: 'http://localhost/',
      headers: { X: '1', Y: '2' },
    });
  });

  it('replace: drops everything the earlier layers said about the item', () => {
    const plan = combineLayers([
      base,
      { services: { app: { override: 'replace', command: 'other' } } },
    ]);

    expect(plan.services?.app).toEqual({ override: 'replace', command: 'other' });
  });

  it('the store combines into a layer with the same label only when asked', () => {
    const store = new PlanStore();
    store.add('charm', base, false);
    store.add('charm', { services: { app: { override: 'merge', environment: { D: '4' } } } }, true);

    expect(store.labels()).toEqual(['charm']);
    expect(store.layer('charm')?.services?.app?.environment).toEqual({ A: '1', B: '2', D: '4' });
    expect(() => store.add('charm', base, false)).toThrow('layer "charm" already exists');
  });

  it('refuses a service without override, a reserved label, and a plan service without command', () => {
    expect(() => parseLayer('x', 'services:\n  app:\n    command: a\n')).toThrow(
      'layer "x" must define "override" for service "app"',
    );
    expect(() => parseLayer('pebble-x', '{}')).toThrow(
      'cannot use reserved label prefix "pebble-"',
    );
    const store = new PlanStore();
    expect(() =>
      store.add('x', { services: { app: { override: 'merge', user: 'u' } } }, false),
    ).toThrow('plan must define "command" for service "app"');
    expect(store.labels()).toEqual([]);
  });
});
