import { type TestUnit } from './test-model';

/** lego's call: Basic credentials, the challenge record to write; resolves to the status. */
export async function present(
  unit: TestUnit,
  username: string,
  password: string,
  fqdn: string,
): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${unit.port}/present`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ fqdn, value: 'LHDhK3oGRvkiefQnx7OOczTY5Tic_xZ6HcMOc_gmtoM' }),
  });
  return response.status;
}

/** lego's acme-dns provider's call (goacmedns): the account's headers, the value for its subdomain. */
export async function acmeDnsUpdate(
  unit: TestUnit,
  account: { readonly username: string; readonly password: string; readonly subdomain: string },
  txt: string,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`http://127.0.0.1:${unit.port}/acme-dns/update`, {
    method: 'POST',
    headers: {
      'x-api-user': account.username,
      'x-api-key': account.password,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ subdomain: account.subdomain, txt }),
  });
  return { status: response.status, body: await response.json() };
}
