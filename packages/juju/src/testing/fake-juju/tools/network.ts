import { type ToolHandler, formatOutput, parseToolArgs } from '../tool-call';

// What a unit of a Kubernetes model typically gets for any binding.
const DEFAULT_NETWORK = {
  'bind-addresses': [
    {
      'mac-address': '',
      'interface-name': 'eth0',
      addresses: [{ hostname: '', value: '10.1.42.7', cidr: '10.1.42.0/24' }],
    },
  ],
  'egress-subnets': ['10.152.183.0/24'],
  'ingress-addresses': ['10.1.42.7'],
};

/** `network-get [--format=json] [-r <id>] <binding>`. */
export const networkGet: ToolHandler = ({ args, state }) => {
  const { options, positional } = parseToolArgs(args, {
    values: ['format', 'r', 'relation'],
    flags: ['primary-address', 'bind-address', 'ingress-address', 'egress-subnets'],
  });
  const [binding = ''] = positional;
  return formatOutput(state.networks[binding] ?? DEFAULT_NETWORK, options.get('format'));
};
