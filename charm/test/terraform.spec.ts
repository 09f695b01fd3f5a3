import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from '@cdktf/hcl2json';

import { charmcraft } from './helpers/charmcraft';
import { CHARM_DIR } from './helpers/paths';

const MODULE = join(CHARM_DIR, 'terraform');

type Block = Record<string, unknown>[];
interface Module {
  readonly variable: Record<string, Block>;
  readonly output: Record<string, Block>;
  readonly resource: Record<string, Record<string, Block>>;
  readonly terraform: Block;
}

/** Each .tf file through HashiCorp's HCL parser (compiled to WebAssembly), merged. */
async function loadModule(): Promise<Module> {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const file of readdirSync(MODULE).filter((name) => name.endsWith('.tf'))) {
    const parsed = (await parse(file, readFileSync(join(MODULE, file), 'utf8'))) as Record<
      string,
      Record<string, unknown>
    >;
    for (const [kind, blocks] of Object.entries(parsed)) {
      merged[kind] = { ...merged[kind], ...blocks };
    }
  }
  return merged as unknown as Module;
}

/** Terraform's type for each charm option type. */
const TERRAFORM_TYPE = { string: 'string', secret: 'string', int: 'number', boolean: 'bool' };

describe('the Terraform module (charm/terraform)', () => {
  let module: Module;

  beforeAll(async () => {
    module = await loadModule();
  });

  it("is valid HCL, and the parser does refuse what isn't", async () => {
    expect(Object.keys(module).sort()).toEqual(['output', 'resource', 'terraform', 'variable']);
    await expect(parse('broken.tf', 'variable "x" {\n  type = string\n')).rejects.toThrow(
      /Unclosed configuration block/,
    );
  });

  it('declares every option of charmcraft.yaml in `config`, typed as the charm types it', () => {
    const type = String(module.variable.config?.[0]?.type);
    const declared = Object.fromEntries(
      [...type.matchAll(/^\s*([a-z0-9-]+)\s*=\s*optional\((\w+)\)/gm)].map(([, name, kind]) => [
        name,
        kind,
      ]),
    );
    const expected = Object.fromEntries(
      Object.entries(charmcraft().config.options).map(([name, option]) => [
        name,
        TERRAFORM_TYPE[option.type],
      ]),
    );

    expect(declared).toEqual(expected);
  });

  it('deploys the charm with its config, its resources and the integrations asked for', () => {
    const [application] = module.resource.juju_application?.httprequest_lego_provider ?? [];
    const resources = String(module.variable.resources?.[0]?.description);

    expect(application).toMatchObject({
      name: '${var.app_name}',
      model_uuid: '${var.model_uuid}',
      charm: [expect.objectContaining({ name: charmcraft().name, channel: '${var.channel}' })],
      resources: '${var.resources}',
      config: expect.stringContaining('var.config'),
    });
    for (const resource of Object.keys(charmcraft().resources)) {
      expect(resources).toContain(resource);
    }
    for (const endpoint of ['postgresql', 'ingress']) {
      const [integration] = module.resource.juju_integration?.[endpoint] ?? [];
      const [ours] = (integration?.application ?? []) as Record<string, string>[];
      expect(ours?.endpoint).toBe(endpoint);
      expect(charmcraft().requires[endpoint]).toBeDefined();
      expect(module.variable[endpoint]).toBeDefined();
    }
  });

  it("outputs the charm's endpoints, exactly as charmcraft.yaml names them", () => {
    const value = (name: string) => module.output[name]?.[0]?.value as Record<string, string>;
    const { requires, provides } = charmcraft();

    expect(Object.values(value('requires')).sort()).toEqual(Object.keys(requires).sort());
    expect(Object.values(value('provides')).sort()).toEqual(Object.keys(provides).sort());
    expect(Object.values(value('endpoints')).sort()).toEqual(
      [...Object.keys(requires), ...Object.keys(provides)].sort(),
    );
  });
});
