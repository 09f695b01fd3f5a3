import { Client } from 'pg';

/** The rows of the Python service's tables that matter to us. */
export interface DjangoData {
  readonly users: readonly DjangoUser[];
  readonly domains: readonly DjangoDomain[];
  readonly permissions: readonly DjangoPermission[];
}

export interface DjangoUser {
  readonly id: number;
  readonly username: string;
  readonly password: string;
  readonly email: string;
  readonly isStaff: boolean;
  readonly isActive: boolean;
}

export interface DjangoDomain {
  readonly id: number;
  readonly fqdn: string;
}

export interface DjangoPermission {
  readonly id: number;
  readonly userId: number;
  readonly domainId: number;
  readonly accessLevel: string;
  readonly text: string | null;
}

/** Reads `auth_user`, `api_domain` and `api_domainuserpermission` from the Python service's database. */
export async function readDjangoData(url: string): Promise<DjangoData> {
  const client = new Client({
    connectionString: url,
    application_name: 'httprequest-lego-provider import',
  });
  await client.connect();
  try {
    const users = await client.query<{
      id: number;
      username: string;
      password: string;
      email: string;
      is_staff: boolean;
      is_superuser: boolean;
      is_active: boolean;
    }>(
      'SELECT id, username, password, email, is_staff, is_superuser, is_active FROM auth_user ORDER BY id',
    );
    const domains = await client.query<{ id: string; fqdn: string }>(
      'SELECT id, fqdn FROM api_domain ORDER BY id',
    );
    const permissions = await client.query<{
      id: string;
      user_id: number;
      domain_id: string;
      access_level: string;
      text: string | null;
    }>(
      'SELECT id, user_id, domain_id, access_level, text FROM api_domainuserpermission ORDER BY id',
    );
    return {
      users: users.rows.map((row) => ({
        id: row.id,
        username: row.username,
        password: row.password,
        email: row.email,
        // The Python service's admin API is for staff; a superuser is staff in practice.
        isStaff: row.is_staff || row.is_superuser,
        isActive: row.is_active,
      })),
      domains: domains.rows.map((row) => ({ id: Number(row.id), fqdn: row.fqdn })),
      permissions: permissions.rows.map((row) => ({
        id: Number(row.id),
        userId: row.user_id,
        domainId: Number(row.domain_id),
        accessLevel: row.access_level,
        text: row.text,
      })),
    };
  } finally {
    await client.end();
  }
}
